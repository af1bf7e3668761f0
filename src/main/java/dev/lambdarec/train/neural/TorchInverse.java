package dev.lambdarec.train.neural;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * A symmetric matrix's inverse by PyTorch ({@code torch.linalg.inv}: LAPACK's LU on the CPU, cuSOLVER on a GPU),
 * for EASE, in float or in double. Float halves LU's time and the native memory (at 10,000 items: 20 s against
 * 41 s, the weights within 1e-7 of double's), so EASE asks for it when the matrix is well conditioned. In float the
 * matrix goes over in one copy from a flat float array (8 bytes an entry on the heap at the peak with the Java
 * rows it replaces); in double row by row, each Java row released once it is there, so the heap holds at most one
 * copy. PyTorch takes about three n x n arrays of native memory (the matrix, its LU, the inverse), four in float
 * (the copy's direct buffer besides).
 */
public final class TorchInverse {
    private static final Logger LOG = Logger.getLogger(TorchInverse.class.getName());

    private TorchInverse() {
    }

    /** Native bytes an n x n inverse takes outside the heap. */
    public static long nativeBytes(int n, boolean inFloat) {
        return inFloat ? 4L * 4 * n * n : 3L * 8 * n * n;
    }

    /** Whether PyTorch's natives load on this machine (they are fetched with the build; a machine may lack them). */
    public static boolean available() {
        try {
            return PyTorch.engine() != null;
        } catch (RuntimeException | LinkageError e) {
            LOG.info("PyTorch is not available here (" + e.getMessage() + "): EASE inverts in Java");
            return false;
        }
    }

    /** The inverse in double, row-major, flat. Rows of {@code g} are taken (set to null) as they go over. */
    public static double[] invert(double[][] g) {
        return onTorch(g, "float64", manager -> {
            int n = g.length;
            NDArray matrix = manager.zeros(new Shape(n, n), DataType.FLOAT64);
            for (int i = 0; i < n; i++) {
                try (NDArray row = manager.create(g[i])) {
                    matrix.set(new NDIndex(i), row);
                }
                g[i] = null;
            }
            return matrix;
        }, NDArray::toDoubleArray);
    }

    /** The inverse in float, row-major, flat. Rows of {@code g} are taken (set to null) as they go over. */
    public static float[] invertInFloat(double[][] g) {
        return onTorch(g, "float32", manager -> {
            int n = g.length;
            float[] flat = new float[n * n];
            for (int i = 0; i < n; i++) {
                double[] row = g[i];
                for (int j = 0; j < n; j++) {
                    flat[i * n + j] = (float) row[j];
                }
                g[i] = null;
            }
            return manager.create(flat, new Shape(n, n));
        }, NDArray::toFloatArray);
    }

    private static <T> T onTorch(double[][] g, String precision, Function<NDManager, NDArray> upload, Function<NDArray, T> download) {
        int n = g.length;
        Engine engine = PyTorch.engine();
        Device device = engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        long started = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager(device, engine.getEngineName())) {
            NDArray matrix = upload.apply(manager);
            double copied = (System.nanoTime() - started) / 1e9;
            T inverse;
            try (NDArray inv = matrix.inverse()) {
                matrix.close();
                inverse = download.apply(inv);
            }
            LOG.info(String.format("ease: %d x %d inverse in %s on %s by %s %s: copy %.2f s, inverse and back %.2f s", n, n, precision,
                    device, engine.getEngineName(), engine.getVersion(), copied, (System.nanoTime() - started) / 1e9 - copied));
            return inverse;
        }
    }
}
