package dev.lambdarec.train.neural;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.logging.Logger;

/**
 * A symmetric matrix's inverse by PyTorch ({@code torch.linalg.inv}: LAPACK's LU on the CPU, cuSOLVER on a GPU),
 * in double, for EASE. The matrix goes over row by row, each Java row released once it is there, so the heap holds
 * at most one copy; PyTorch takes about three n x n doubles of native memory (the matrix, its LU, the inverse).
 */
public final class TorchInverse {
    private static final Logger LOG = Logger.getLogger(TorchInverse.class.getName());

    private TorchInverse() {
    }

    /** Native bytes an n x n inverse takes outside the heap. */
    public static long nativeBytes(int n) {
        return 3L * 8 * n * n;
    }

    /** Whether PyTorch's natives load on this machine (they are fetched with the build; a machine may lack them). */
    public static boolean available() {
        try {
            return Engine.getEngine("PyTorch") != null;
        } catch (RuntimeException | LinkageError e) {
            LOG.info("PyTorch is not available here (" + e.getMessage() + "): EASE inverts in Java");
            return false;
        }
    }

    /** Rows of {@code g} are taken (set to null) as they go over; the inverse comes back row-major, flat. */
    public static double[] invert(double[][] g) {
        int n = g.length;
        Engine engine = Engine.getEngine("PyTorch");
        Device device = engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        long started = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager(device, engine.getEngineName())) {
            NDArray matrix = manager.zeros(new Shape(n, n), DataType.FLOAT64);
            for (int i = 0; i < n; i++) {
                try (NDArray row = manager.create(g[i])) {
                    matrix.set(new NDIndex(i), row);
                }
                g[i] = null;
            }
            double copied = (System.nanoTime() - started) / 1e9;
            double[] inverse;
            try (NDArray inv = matrix.inverse()) {
                matrix.close();
                inverse = inv.toDoubleArray();
            }
            LOG.info(String.format("ease: %d x %d inverse on %s by %s %s: copy %.2f s, inverse and back %.2f s", n, n, device,
                    engine.getEngineName(), engine.getVersion(), copied, (System.nanoTime() - started) / 1e9 - copied));
            return inverse;
        }
    }
}
