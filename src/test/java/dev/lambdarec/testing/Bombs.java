package dev.lambdarec.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Archives that are small on disk and huge when expanded, for the tests of bounded reads. */
public final class Bombs {
    private Bombs() {
    }

    /** A zip whose members each hold {@code unit} repeated to {@code bytes}, compressed as far as deflate goes. */
    public static Path zip(Path zip, List<String> members, byte[] unit, long bytes) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            byte[] block = new byte[unit.length * Math.max(1, (1 << 16) / unit.length)];
            for (int i = 0; i < block.length; i++) {
                block[i] = unit[i % unit.length];
            }
            for (String member : members) {
                out.putNextEntry(new ZipEntry(member));
                for (long written = 0; written < bytes; written += block.length) {
                    out.write(block, 0, (int) Math.min(block.length, bytes - written));
                }
                out.closeEntry();
            }
        }
        return zip;
    }
}
