package dev.lambdarec.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzFileTest {

    @TempDir
    Path dir;

    @Test
    void headerIsWhatNumpySaveWrites() {
        byte[] header = new NpyHeader(NpyType.INT32, new long[] {3}).encode();
        assertThat(header.length % 64).isZero();
        assertThat(header[0]).isEqualTo((byte) 0x93);
        assertThat(new String(header, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        assertThat(header[6]).isEqualTo((byte) 1);
        assertThat(header[7]).isEqualTo((byte) 0);
        String dict = new String(header, 10, header.length - 10, StandardCharsets.US_ASCII);
        assertThat(dict).startsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }").endsWith("\n");
        assertThat(new String(new NpyHeader(NpyType.FLOAT32, new long[] {2, 5}).encode(), StandardCharsets.ISO_8859_1))
                .contains("'shape': (2, 5)");
    }

    @Test
    void roundTripsEveryTypeAndShape() throws Exception {
        Path file = dir.resolve("arrays.npz");
        int[] ints = {0, -1, Integer.MAX_VALUE, 42};
        float[] matrix = {1.5f, -2f, 3.25f, 0f, Float.MIN_VALUE, 7f};
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.addInts("ints", ints, ints.length);
            npz.addFloats("matrix", matrix, new long[] {2, 3});
            npz.add("longs", NpyType.INT64, 2, sink -> {
                sink.putLong(Long.MIN_VALUE);
                sink.putLong(1_700_000_000L);
            });
            npz.add("bytes", NpyType.INT8, 3, sink -> {
                sink.putByte((byte) 1);
                sink.putByte((byte) 0);
                sink.putByte((byte) -1);
            });
            npz.add("empty", NpyType.INT32, 0, sink -> { });
        }
        NpzFile read = NpzFile.read(file);
        assertThat(read.names()).containsExactly("ints", "matrix", "longs", "bytes", "empty");
        assertThat(read.array("ints").ints()).containsExactly(ints);
        assertThat(read.array("matrix").floats()).containsExactly(matrix);
        assertThat(read.array("matrix").shape()).containsExactly(2, 3);
        assertThat(read.array("longs").longs()).containsExactly(Long.MIN_VALUE, 1_700_000_000L);
        assertThat(read.array("bytes").bytes()).containsExactly(1, 0, -1);
        assertThat(read.array("empty").ints()).isEmpty();
    }

    @Test
    void entriesAreStoredUncompressedLikeNumpySavez() throws Exception {
        Path file = dir.resolve("stored.npz");
        try (NpzWriter npz = new NpzWriter(file)) {
            npz.addInts("user", new int[] {1, 2, 3}, 3);
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry("user.npy");
            assertThat(entry.getMethod()).isEqualTo(ZipEntry.STORED);
            assertThat(entry.getSize()).isEqualTo(128 + 12); // header padded to 64-byte alignment, as numpy pads it
        }
        assertThat(Files.list(dir).toList()).containsExactly(file); // scratch files cleaned up
    }

    @Test
    void sameArraysGiveTheSameBytes() throws Exception {
        Path a = dir.resolve("a.npz");
        Path b = dir.resolve("b.npz");
        for (Path file : new Path[] {a, b}) {
            try (NpzWriter npz = new NpzWriter(file)) {
                npz.addInts("x", new int[] {5, 6}, 2);
            }
            Thread.sleep(1100);
        }
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    }

    @Test
    void wrongElementCountFails() {
        Path file = dir.resolve("bad.npz");
        assertThatThrownBy(() -> {
            try (NpzWriter npz = new NpzWriter(file)) {
                npz.add("x", NpyType.INT32, 3, sink -> sink.putInt(1));
            }
        }).hasMessageContaining("declared <i4[3] but 1 elements were written");
    }

    @Test
    void rejectsForeignData() {
        assertThatThrownBy(() -> NpzFile.readNpy("not numpy at all".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("bad magic");
        byte[] header = new NpyHeader(NpyType.INT32, new long[] {4}).encode();
        byte[] truncated = ByteBuffer.allocate(header.length + 8).put(header).array();
        assertThatThrownBy(() -> NpzFile.readNpy(truncated)).hasMessageContaining("needs 16 data bytes, file has 8");
        assertThatThrownBy(() -> NpyType.ofDescr("<c16")).hasMessageContaining("unsupported dtype '<c16'");
    }

    /** An NPZ whose one entry is an NPY header (as given) followed by {@code dataBytes} zero bytes. */
    private Path hostile(String name, byte[] npyHeader, int dataBytes) throws Exception {
        Path file = dir.resolve(name);
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("x.npy"));
            zip.write(npyHeader);
            zip.write(new byte[dataBytes]);
            zip.closeEntry();
        }
        return file;
    }

    private static byte[] header(String dict, int declaredLength) {
        byte[] text = dict.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(10 + text.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) declaredLength).put(text);
        return b.array();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "header longer than the file|{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }|65000|8|NPY header declares",
            "negative shape|{'descr': '<f4', 'fortran_order': False, 'shape': (-5,), }|-1|8|negative dimension",
            "shape of 2^62 elements|{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904,), }|-1|8|more bytes than a long counts",
            "shape past a long|{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4), }|-1|8|more elements than a long counts",
            "not a number|{'descr': '<f4', 'fortran_order': False, 'shape': (1e9,), }|-1|8|not a tuple of whole numbers",
            "2.4 GB declared in a tiny file|{'descr': '<f4', 'fortran_order': False, 'shape': (600000000,), }|-1|8|more than its",
            "400 MB declared from a few KB|{'descr': '<f4', 'fortran_order': False, 'shape': (100000000,), }|-1|4096|more than its",
            "fewer bytes than declared|{'descr': '<f4', 'fortran_order': False, 'shape': (100,), }|-1|8|needs 400 data bytes",
            "more bytes than declared|{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }|-1|8|needs 4 data bytes, file has more"})
    void hostileArchivesAreRefusedBeforeAnythingLargeIsAllocated(String what, String dict, int declared, int data, String message) throws Exception {
        Path file = hostile("hostile.npz", header(dict, declared < 0 ? dict.length() : declared), data);
        assertThatThrownBy(() -> NpzFile.read(file)).as(what).isInstanceOf(NpyFormatException.class).hasMessageContaining(message);
    }
}
