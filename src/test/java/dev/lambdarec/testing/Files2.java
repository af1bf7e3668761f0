package dev.lambdarec.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small fixture files written by the tests themselves. */
public final class Files2 {
    private Files2() {
    }

    public static Path write(Path file, String text) throws IOException {
        return write(file, text, StandardCharsets.UTF_8);
    }

    public static Path write(Path file, String text, Charset charset) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, text.getBytes(charset));
    }

    public static Path write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, bytes);
    }

    /** Zips every regular file of {@code dir} under {@code folder/} (as GroupLens archives are laid out). */
    public static Path zip(Path dir, String folder, Path zipFile) throws IOException {
        try (OutputStream out = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(out)) {
            try (var files = Files.list(dir)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    zip.putNextEntry(new ZipEntry(folder + "/" + file.getFileName()));
                    zip.write(Files.readAllBytes(file));
                    zip.closeEntry();
                }
            }
        }
        return zipFile;
    }
}
