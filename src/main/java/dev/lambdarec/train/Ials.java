package dev.lambdarec.train;

import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.ImplicitAlsFoldIn;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Implicit ALS in the WALS family (Hu, Koren, Volinsky 2008; Rendle et al., "Revisiting the Performance of
 * iALS", 2022). Minimises sum over observed (u,i) of c_ui (1 - x_u.y_i)^2 + w0 * sum over all (u,i) of
 * (x_u.y_i)^2 + lambda_u |x_u|^2 + lambda_i |y_i|^2, with confidence c_ui = 1 + alpha r_ui (linear) or
 * 1 + alpha log(1 + r_ui/epsilon) (log), r_ui = 1 or the rating, and frequency-scaled regularisation
 * lambda_u = lambda (n_u + w0 * numItems)^nu. Each half-step solves every user (item) exactly by Cholesky,
 * or approximately by a few warm-started conjugate-gradient steps, in parallel. Defaults were chosen on a
 * validation split cut from MovieLens 100K's training split (docs/benchmarks.md): CG matches Cholesky's
 * nDCG@10 at a third of the time; alpha 8, unobserved weight 3, regularization 0.02 reach their best
 * validation nDCG@10 by the fifth sweep and stay there (alpha 5, weight 5, 0.01 peaked at the fifth and fell).
 */
public final class Ials implements Algorithm {
    private static final Logger LOG = Logger.getLogger(Ials.class.getName());

    @Override
    public String name() {
        return "ials";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        int k = hp.integer("factors");
        int iterations = hp.integer("iterations");
        double lambda = hp.real("regularization");
        double alpha = hp.real("alpha");
        String weighting = hp.choice("weighting");
        double epsilon = hp.real("epsilon");
        double unobserved = hp.real("unobserved_weight");
        double nu = hp.real("regularization_exponent");
        String confidenceFrom = hp.choice("confidence_from");
        String solver = hp.choice("solver");
        int cgSteps = hp.integer("cg_steps");
        double initStd = hp.real("init_std");
        long seed = hp.seed();

        float[] rawValues = new float[data.trainUsers.length];
        for (int n = 0; n < rawValues.length; n++) {
            rawValues[n] = confidenceFrom.equals("rating") && data.hasRatings() ? data.trainRatings[n] : 1f;
        }
        Csr byUser = Csr.of(data.numUsers, data.trainUsers, data.trainItems, rawValues);
        Csr byItem = Csr.of(data.numItems, data.trainItems, data.trainUsers, rawValues);
        ImplicitAlsFoldIn rule = new ImplicitAlsFoldIn(alpha, weighting.equals("log"), epsilon, confidenceFrom.equals("rating"),
                unobserved, lambda, nu);
        for (Csr csr : new Csr[] {byUser, byItem}) {
            for (int n = 0; n < csr.values.length; n++) {
                csr.values[n] = (float) rule.confidence(csr.values[n]);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = gaussian(data.numUsers * k, initStd / Math.sqrt(k), random);
        float[] y = gaussian(data.numItems * k, initStd / Math.sqrt(k), random);
        Solver solve = new Solver(k, rule, solver.equals("cg"), cgSteps);
        double sweepFlops = solve.halfStepFlops(byUser, data.numItems) + solve.halfStepFlops(byItem, data.numUsers);
        double[] sweepSeconds = new double[iterations];
        LOG.info(String.format("ials: %d factors, %s solver, %s", k, solver, FloatKernels.best().name()));
        List<ModelCard.Epoch> curve = TrainingLoop.run(name(), iterations, validation, new TrainingLoop.Steps() {
            @Override
            public double epoch(int epoch) {
                long started = System.nanoTime();
                solve.halfStep(byUser, y, x, data.numItems);
                solve.halfStep(byItem, x, y, data.numUsers);
                double seconds = (System.nanoTime() - started) / 1e9;
                sweepSeconds[epoch - 1] = seconds;
                LOG.info(String.format("ials sweep %d: %.1f GFLOP in %.2f s, %.2f GFLOP/s", epoch, sweepFlops / 1e9, seconds,
                        sweepFlops / 1e9 / seconds));
                return loss(byUser, x, y, k, unobserved, lambda, nu, data.numItems, data.numUsers, byItem);
            }

            @Override
            public FactorScorer snapshot() {
                return new FactorScorer(x.clone(), y.clone(), k, null, null, 0f, data.train).withFoldIn(rule);
            }
        });
        return new TrainedModel(new FactorScorer(x, y, k, null, null, 0f, data.train).withFoldIn(rule), curve,
                sweepRate(sweepFlops, java.util.Arrays.copyOf(sweepSeconds, curve.size())));
    }

    /** What model.json records of the solver's speed: the work of one sweep and the rate of the median sweep. */
    static java.util.Map<String, Double> sweepRate(double sweepFlops, double[] seconds) {
        if (seconds.length == 0) {
            return java.util.Map.of();
        }
        double[] sorted = seconds.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        return java.util.Map.of("sweep_gflop", sweepFlops / 1e9, "sweep_seconds", median, "sweep_gflops_per_second", sweepFlops / 1e9 / median);
    }

    /** Rows of one side with their observed columns and confidences. */
    static final class Csr {
        final int[] offsets;
        final int[] columns;
        final float[] values;

        private Csr(int[] offsets, int[] columns, float[] values) {
            this.offsets = offsets;
            this.columns = columns;
            this.values = values;
        }

        static Csr of(int rows, int[] rowOf, int[] columnOf, float[] valueOf) {
            int[] offsets = new int[rows + 1];
            for (int r : rowOf) {
                offsets[r + 1]++;
            }
            for (int r = 0; r < rows; r++) {
                offsets[r + 1] += offsets[r];
            }
            int[] fill = java.util.Arrays.copyOf(offsets, rows);
            int[] columns = new int[rowOf.length];
            float[] values = new float[rowOf.length];
            for (int n = 0; n < rowOf.length; n++) {
                int at = fill[rowOf[n]]++;
                columns[at] = columnOf[n];
                values[at] = valueOf[n];
            }
            return new Csr(offsets, columns, values);
        }

        int rows() {
            return offsets.length - 1;
        }
    }

    /**
     * Solves one side given the other: for each row, (w0 G + sum (c - w0) f f' + lambda_r I) out = sum c f, exactly
     * by the solve fold-in uses ({@link ImplicitAlsFoldIn#solveRow}) or by a few conjugate-gradient steps.
     */
    static final class Solver {
        private final int k;
        private final ImplicitAlsFoldIn rule;
        private final double w0;
        private final boolean cg;
        private final int cgSteps;
        private final FloatKernels kernels = FloatKernels.best();

        Solver(int k, ImplicitAlsFoldIn rule, boolean cg, int cgSteps) {
            this.k = k;
            this.rule = rule;
            this.w0 = rule.unobserved();
            this.cg = cg;
            this.cgSteps = cgSteps;
        }

        /**
         * Floating-point operations of one {@link #halfStep} (a multiply-add counts two), as the code does them: the
         * Gramian's upper triangle over the fixed side; per row with n observations, exactly: the triangle's n
         * rank-one updates and right-hand side, Cholesky (k^3/3) and two triangular solves; by CG: the right-hand
         * side and, for each of cg_steps + 1 products, k^2 from the Gramian and 4nk from the observations.
         */
        double halfStepFlops(Csr rows, int otherCount) {
            double kk = (double) k * k;
            double nnz = rows.values.length;
            double flops = (double) otherCount * k * (k + 1);
            if (cg) {
                return flops + rows.rows() * ((cgSteps + 1) * (2 * kk + 2.0 * k) + cgSteps * 10.0 * k)
                        + nnz * ((cgSteps + 1) * 4.0 * k + 2.0 * k);
            }
            return flops + rows.rows() * (kk * k / 3 + 3 * kk) + nnz * ((double) k * (k + 1) + 2.0 * k);
        }

        void halfStep(Csr rows, float[] fixed, float[] out, int otherCount) {
            double[] gram = cg ? gramian(fixed, otherCount) : ImplicitAlsFoldIn.gramian(fixed, otherCount, k);
            float[] gramFloats = new float[gram.length];
            for (int i = 0; i < gram.length; i++) {
                gramFloats[i] = (float) (w0 * gram[i]);
            }
            IntStream.range(0, rows.rows()).parallel().forEach(r -> {
                double reg = rule.regularization(rows.offsets[r + 1] - rows.offsets[r], otherCount);
                if (cg) {
                    conjugateGradient(rows, r, fixed, out, gramFloats, (float) reg, SCRATCH.get());
                } else {
                    double[] solution = ImplicitAlsFoldIn.solveRow(gram, w0, reg, rows.columns, rows.values, rows.offsets[r],
                            rows.offsets[r + 1], fixed, k);
                    for (int i = 0; i < k; i++) {
                        out[r * k + i] = (float) solution[i];
                    }
                }
            });
        }

        /** Rows of the other side a Gramian chunk sums in float before its sum joins the double total. */
        private static final int GRAMIAN_CHUNK = 1024;

        /**
         * F'F over the first {@code count} rows of {@code fixed}, on every core: chunks of rows summed in float by the
         * kernels (the full square, one axpy a coordinate: no reductions), the chunks' sums added in double.
         */
        private double[] gramian(float[] fixed, int count) {
            int chunks = (count + GRAMIAN_CHUNK - 1) / GRAMIAN_CHUNK;
            return IntStream.range(0, chunks).parallel().mapToObj(chunk -> {
                float[] partial = new float[k * k];
                for (int n = chunk * GRAMIAN_CHUNK, end = Math.min(count, n + GRAMIAN_CHUNK); n < end; n++) {
                    for (int a = 0; a < k; a++) {
                        kernels.axpy(fixed[n * k + a], fixed, n * k, partial, a * k, k);
                    }
                }
                double[] sum = new double[k * k];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = partial[i];
                }
                return sum;
            }).reduce(new double[k * k], (a, b) -> {
                double[] sum = a.clone();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += b[i];
                }
                return sum;
            });
        }

        private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

        /** One thread's working memory, grown to the largest row and kept: no allocation per row. */
        private static final class Scratch {
            float[] block = new float[0];
            float[] weights = new float[0];
            float[] x;
            float[] residual;
            float[] direction;
            float[] product;

            Scratch fit(int observations, int k) {
                // A thread serves solvers of different k in turn: block and weights grow on their own counts.
                if (block.length < observations * k) {
                    block = new float[Math.max(observations * k, block.length * 2)];
                }
                if (weights.length < observations) {
                    weights = new float[Math.max(observations, weights.length * 2)];
                }
                if (x == null || x.length != k) {
                    x = new float[k];
                    residual = new float[k];
                    direction = new float[k];
                    product = new float[k];
                }
                return this;
            }
        }

        /**
         * A few CG steps from the current solution, never forming A (iALS++-style cost per step O(n_r k + k^2)). The
         * row's observed vectors are first copied into one block, so its products read them from cache in order
         * however scattered they lie in the other side's matrix; the arithmetic is float, in {@link FloatKernels}.
         * {@code gram} is w0 times the Gramian.
         */
        private void conjugateGradient(Csr rows, int r, float[] fixed, float[] out, float[] gram, float reg, Scratch scratch) {
            int from = rows.offsets[r];
            int observations = rows.offsets[r + 1] - from;
            scratch.fit(observations, k);
            float[] block = scratch.block;
            float[] weights = scratch.weights;
            float[] x = scratch.x;
            float[] residual = scratch.residual;
            float[] direction = scratch.direction;
            float[] product = scratch.product;
            java.util.Arrays.fill(residual, 0f);
            for (int n = 0; n < observations; n++) {
                System.arraycopy(fixed, rows.columns[from + n] * k, block, n * k, k);
                float c = rows.values[from + n];
                weights[n] = (float) (c - w0);
                kernels.axpy(c, block, n * k, residual, 0, k);
            }
            System.arraycopy(out, r * k, x, 0, k);
            multiply(block, weights, observations, gram, reg, x, product);
            for (int i = 0; i < k; i++) {
                residual[i] -= product[i];
                direction[i] = residual[i];
            }
            float rsOld = kernels.dot(residual, 0, residual, 0, k);
            for (int step = 0; step < cgSteps && rsOld > 1e-20f; step++) {
                multiply(block, weights, observations, gram, reg, direction, product);
                float alpha = rsOld / kernels.dot(direction, 0, product, 0, k);
                kernels.axpy(alpha, direction, 0, x, 0, k);
                kernels.axpy(-alpha, product, 0, residual, 0, k);
                float rsNew = kernels.dot(residual, 0, residual, 0, k);
                float beta = rsNew / rsOld;
                for (int i = 0; i < k; i++) {
                    direction[i] = residual[i] + beta * direction[i];
                }
                rsOld = rsNew;
            }
            System.arraycopy(x, 0, out, r * k, k);
        }

        /** result = (gram + reg I) v + sum over the row's observations of (c - w0) (f . v) f. */
        private void multiply(float[] block, float[] weights, int observations, float[] gram, float reg, float[] v, float[] result) {
            for (int i = 0; i < k; i++) {
                result[i] = kernels.dot(gram, i * k, v, 0, k) + reg * v[i];
            }
            for (int n = 0; n < observations; n++) {
                float projection = kernels.dot(block, n * k, v, 0, k);
                kernels.axpy(weights[n] * projection, block, n * k, result, 0, k);
            }
        }
    }

    /** The full objective, with the sum over all pairs taken through the Gramian: sum_u x_u' (Y'Y) x_u. */
    static double loss(Csr byUser, float[] x, float[] y, int k, double w0, double lambda, double nu, int numItems,
                       int numUsers, Csr byItem) {
        double observed = 0;
        double observedSquares = 0;
        for (int u = 0; u < byUser.rows(); u++) {
            for (int n = byUser.offsets[u]; n < byUser.offsets[u + 1]; n++) {
                int i = byUser.columns[n];
                double p = 0;
                for (int f = 0; f < k; f++) {
                    p += x[u * k + f] * y[i * k + f];
                }
                observed += byUser.values[n] * (1 - p) * (1 - p);
                observedSquares += p * p;
            }
        }
        double[] gram = new double[k * k];
        for (int i = 0; i < numItems; i++) {
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    gram[a * k + b] += y[i * k + a] * y[i * k + b];
                }
            }
        }
        double all = 0;
        for (int u = 0; u < numUsers; u++) {
            for (int a = 0; a < k; a++) {
                double s = 0;
                for (int b = 0; b < k; b++) {
                    s += gram[a * k + b] * x[u * k + b];
                }
                all += x[u * k + a] * s;
            }
        }
        double regularization = 0;
        for (int u = 0; u < numUsers; u++) {
            regularization += lambda * Math.pow(byUser.offsets[u + 1] - byUser.offsets[u] + w0 * numItems, nu) * squaredNorm(x, u, k);
        }
        for (int i = 0; i < numItems; i++) {
            regularization += lambda * Math.pow(byItem.offsets[i + 1] - byItem.offsets[i] + w0 * numUsers, nu) * squaredNorm(y, i, k);
        }
        return observed + w0 * (all - observedSquares) + regularization;
    }

    private static double squaredNorm(float[] m, int row, int k) {
        double s = 0;
        for (int f = 0; f < k; f++) {
            s += m[row * k + f] * m[row * k + f];
        }
        return s;
    }

    static float[] gaussian(int n, double std, SplittableRandom random) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (random.nextGaussian() * std);
        }
        return out;
    }

}
