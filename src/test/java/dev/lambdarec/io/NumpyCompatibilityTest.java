package dev.lambdarec.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-check with numpy itself where it happens to be installed (never required): numpy.load reads what
 * NpzWriter writes, and NpzFile reads what numpy.savez writes.
 */
class NumpyCompatibilityTest {

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String python(String script) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void numpyReadsOurArchivesAndWeReadNumpys(@TempDir Path dir) throws Exception {
        assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
        Path ours = dir.resolve("ours.npz");
        try (NpzWriter npz = new NpzWriter(ours)) {
            npz.addInts("user", new int[] {3, 1, 2}, 3);
            npz.addFloats("factors", new float[] {0.5f, -1f, 2f, 4f}, new long[] {2, 2});
            npz.add("label", NpyType.INT8, 3, s -> {
                s.putByte((byte) 1);
                s.putByte((byte) 0);
                s.putByte((byte) 1);
            });
            npz.add("timestamp", NpyType.INT64, 1, s -> s.putLong(881250949L));
        }
        assertThat(python("import numpy as np; z = np.load('" + ours + "'); "
                + "print(z['user'].dtype, z['user'].tolist(), z['factors'].shape, z['factors'].sum(), "
                + "z['label'].dtype, int(z['label'].sum()), z['timestamp'].dtype, int(z['timestamp'][0]))"))
                .isEqualTo("int32 [3, 1, 2] (2, 2) 5.5 int8 2 int64 881250949");

        Path theirs = dir.resolve("theirs.npz");
        python("import numpy as np; np.savez('" + theirs + "', item=np.arange(5, dtype='<i4'), "
                + "w=np.array([[1.5, 2.5], [3.5, 4.5]], dtype='<f4'), t=np.array([7, 8], dtype='<i8'))");
        NpzFile read = NpzFile.read(theirs);
        assertThat(read.array("item").ints()).containsExactly(0, 1, 2, 3, 4);
        assertThat(read.array("w").floats()).containsExactly(1.5f, 2.5f, 3.5f, 4.5f);
        assertThat(read.array("w").shape()).containsExactly(2, 2);
        assertThat(read.array("t").longs()).containsExactly(7L, 8L);
    }
}
