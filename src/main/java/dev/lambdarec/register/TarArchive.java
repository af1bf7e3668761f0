package dev.lambdarec.register;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Unpacks the regular files of a (gzipped) ustar archive, as SageMaker packs /opt/ml/model into model.tar.gz. */
final class TarArchive {
    private TarArchive() {
    }

    /** Extracts plain-named regular files (directories flattened away) into {@code dir}; returns their names. */
    static List<String> extract(InputStream gzipped, Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(gzipped, 1 << 16), 1 << 16)) {
            byte[] header = new byte[512];
            while (true) {
                if (in.readNBytes(header, 0, 512) < 512 || isZero(header)) {
                    return names;
                }
                String name = text(header, 0, 100);
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String base = name.substring(name.lastIndexOf('/') + 1);
                boolean regular = type == '0' || type == 0;
                if (regular && base.matches("[A-Za-z0-9._-]+") && !base.startsWith(".")) {
                    Path target = dir.resolve(base);
                    Files.copy(new Bounded(in, size), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    names.add(base);
                } else {
                    in.skipNBytes(size);
                }
                long padding = (512 - size % 512) % 512;
                in.skipNBytes(padding);
            }
        }
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] bytes, int from, int length) {
        int end = from;
        while (end < from + length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.US_ASCII);
    }

    /** At most {@code remaining} bytes of the underlying stream, which is left open. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(InputStream in, long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
