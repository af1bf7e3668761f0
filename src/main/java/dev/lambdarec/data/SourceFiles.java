package dev.lambdarec.data;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of one raw input, found by base name wherever they sit: a directory (searched two levels deep,
 * as MovieLens archives unpack into {@code ml-100k/}), a MovieLens {@code .zip}, or a single file.
 */
public abstract class SourceFiles implements Closeable {

    private ArchiveLimits limits = ArchiveLimits.DEFAULT;

    /** Opens a local path: a directory, a .zip archive, or any other single file. */
    public static SourceFiles open(Path path) throws IOException {
        return open(path, ArchiveLimits.DEFAULT);
    }

    public static SourceFiles open(Path path, ArchiveLimits limits) throws IOException {
        SourceFiles files;
        if (Files.isDirectory(path)) {
            files = new Directory(path);
        } else if (!Files.isRegularFile(path)) {
            throw new InvalidInputException("source " + path + " does not exist");
        } else if (path.getFileName().toString().toLowerCase().endsWith(".zip")) {
            files = new Zip(path);
        } else {
            files = new SingleFile(path);
        }
        files.limits = limits;
        return files;
    }

    /** Where the files come from, for messages and the manifest. */
    public abstract String describe();

    /** The member whose base name is {@code name}, if present. */
    public abstract Optional<String> find(String name);

    /** The member's bytes, gunzipped when its name ends in .gz. */
    public InputStream open(String member) throws IOException {
        InputStream in = openRaw(member);
        InputStream expanded = member.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
        return member.endsWith(".gz") || this instanceof Zip
                ? new ExpansionGuard(expanded, storedSize(member), limits, describe() + "/" + member) : expanded;
    }

    protected abstract InputStream openRaw(String member) throws IOException;

    /** Bytes the member takes as stored (compressed), for the expansion ratio; -1 when unknown. */
    protected abstract long storedSize(String member) throws IOException;

    /** Every member, for formats that take the only data file present. */
    public abstract List<String> members();

    /** The one member of that name; none, or several (two uploads under one prefix), is refused by name. */
    public String require(String name, String why) {
        List<String> named = members().stream().filter(m -> baseName(m).equals(name)).toList();
        if (named.size() > 1) {
            throw new InvalidInputException(describe() + " holds " + named.size() + " files named " + name + " " + named
                    + ": which are the " + why + " is ambiguous; point the source at one of their directories");
        }
        return find(name).orElseThrow(() -> new InvalidInputException(
                describe() + " has no " + name + " (" + why + "); it has " + members()));
    }

    @Override
    public void close() throws IOException {
    }

    public static String baseName(String member) {
        int slash = Math.max(member.lastIndexOf('/'), member.lastIndexOf('\\'));
        return member.substring(slash + 1);
    }

    private static final class Directory extends SourceFiles {
        private final Path root;

        Directory(Path root) {
            this.root = root;
        }

        @Override
        public String describe() {
            return "directory " + root;
        }

        @Override
        public Optional<String> find(String name) {
            return members().stream().filter(m -> baseName(m).equals(name)).findFirst();
        }

        @Override
        protected InputStream openRaw(String member) throws IOException {
            return Files.newInputStream(root.resolve(member));
        }

        @Override
        protected long storedSize(String member) throws IOException {
            return Files.size(root.resolve(member));
        }

        @Override
        public List<String> members() {
            try (Stream<Path> files = Files.walk(root, 2)) {
                return files.filter(Files::isRegularFile)
                        .map(p -> root.relativize(p).toString().replace('\\', '/'))
                        .filter(m -> !baseName(m).startsWith("."))
                        .sorted(Comparator.comparingInt((String m) -> m.split("/").length).thenComparing(m -> m))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Zip extends SourceFiles {
        private final Path path;
        private final ZipFile zip;

        Zip(Path path) throws IOException {
            this.path = path;
            try {
                this.zip = new ZipFile(path.toFile());
            } catch (java.util.zip.ZipException e) {
                throw new InvalidInputException(path.getFileName() + " is not a readable zip archive: " + e.getMessage());
            }
        }

        @Override
        public String describe() {
            return "archive " + path.getFileName();
        }

        @Override
        public Optional<String> find(String name) {
            return members().stream().filter(m -> baseName(m).equals(name)).findFirst();
        }

        @Override
        protected InputStream openRaw(String member) throws IOException {
            ZipEntry entry = zip.getEntry(member);
            if (entry == null) {
                throw new InvalidInputException(describe() + " has no entry " + member);
            }
            return zip.getInputStream(entry);
        }

        @Override
        protected long storedSize(String member) throws IOException {
            ZipEntry entry = zip.getEntry(member);
            return entry != null && entry.getCompressedSize() > 0 ? entry.getCompressedSize() : Files.size(path);
        }

        @Override
        public List<String> members() {
            List<String> names = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && !entry.getName().startsWith("__MACOSX") && !baseName(entry.getName()).startsWith(".")) {
                    names.add(entry.getName());
                }
            }
            return names;
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** One file; sibling files beside it are visible too, so side files next to a ratings file are found. */
    private static final class SingleFile extends SourceFiles {
        private final Path file;

        SingleFile(Path file) {
            this.file = file.toAbsolutePath();
        }

        @Override
        public String describe() {
            return "file " + file.getFileName();
        }

        @Override
        public Optional<String> find(String name) {
            Path sibling = file.resolveSibling(name);
            return Files.isRegularFile(sibling) ? Optional.of(name) : Optional.empty();
        }

        @Override
        protected InputStream openRaw(String member) throws IOException {
            return Files.newInputStream(file.resolveSibling(member));
        }

        @Override
        protected long storedSize(String member) throws IOException {
            return Files.size(file.resolveSibling(member));
        }

        @Override
        public List<String> members() {
            return List.of(file.getFileName().toString());
        }
    }
}
