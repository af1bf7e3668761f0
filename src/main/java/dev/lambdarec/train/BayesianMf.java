package dev.lambdarec.train;

import dev.lambdarec.model.Cholesky;
import dev.lambdarec.model.BayesianFoldIn;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Bayesian probabilistic matrix factorisation by Gibbs sampling (Salakhutdinov and Mnih, ICML 2008):
 * r_ui ~ N(mu + u.v, 1/alpha), user and item vectors with Gaussian priors whose means and precisions get
 * Normal-Wishart hyperpriors, all sampled in turn. Predictions average u.v over the samples kept after burn-in;
 * that average is exported exactly as one factor model whose vectors are the kept samples side by side,
 * each scaled by 1/sqrt(samples), so the plain-Java scorer reproduces it.
 */
final class BayesianMf {
    private BayesianMf() {
    }

    static TrainedModel train(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        int k = hp.integer("factors");
        int iterations = hp.integer("iterations");
        int burnIn = hp.integer("burn_in");
        int thin = hp.integer("thin");
        double alpha = hp.real("noise_precision");
        long seed = hp.seed();
        if (burnIn >= iterations) {
            throw new IllegalArgumentException("hyperparameter burn_in must be below iterations (" + iterations + ")");
        }
        int n = data.trainRatings.length;
        double sum = 0;
        for (float r : data.trainRatings) {
            sum += r;
        }
        float mean = (float) (sum / n);
        Ials.Csr byUser = Ials.Csr.of(data.numUsers, data.trainUsers, data.trainItems, centered(data.trainRatings, mean));
        Ials.Csr byItem = Ials.Csr.of(data.numItems, data.trainItems, data.trainUsers, centered(data.trainRatings, mean));
        SplittableRandom init = new SplittableRandom(seed);
        double[] u = new double[data.numUsers * k];
        double[] v = new double[data.numItems * k];
        for (int i = 0; i < u.length; i++) {
            u[i] = 0.1 * init.nextGaussian();
        }
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.1 * init.nextGaussian();
        }
        List<double[]> keptU = new ArrayList<>();
        List<Prior> keptPriors = new ArrayList<>();
        List<double[]> keptV = new ArrayList<>();
        List<ModelCard.Epoch> curve = TrainingLoop.run("mf (bayesian)", iterations, validation, new TrainingLoop.Steps() {
            @Override
            public double epoch(int iteration) {
                Prior userPrior = Prior.sample(u, data.numUsers, k, new SplittableRandom(mix(seed, iteration, 0)));
                sampleSide(byUser, v, u, k, alpha, userPrior, seed, iteration, 1);
                Prior itemPrior = Prior.sample(v, data.numItems, k, new SplittableRandom(mix(seed, iteration, 2)));
                sampleSide(byItem, u, v, k, alpha, itemPrior, seed, iteration, 3);
                if (iteration > burnIn && (iteration - burnIn) % thin == 0) {
                    keptU.add(u.clone());
                    keptPriors.add(userPrior);
                    keptV.add(v.clone());
                }
                return trainingRmse(byUser, u, v, k);
            }

            @Override
            public FactorScorer snapshot() {
                return average(keptU.isEmpty() ? List.of(u) : keptU, keptV.isEmpty() ? List.of(v) : keptV, k, mean, data);
            }
        });
        return new TrainedModel(average(keptU, keptV, k, mean, data).withFoldIn(foldIn(keptPriors, alpha, k)), curve);
    }

    private static float[] centered(float[] ratings, float mean) {
        float[] out = new float[ratings.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ratings[i] - mean;
        }
        return out;
    }

    /** Each kept sample's user prior, the noise precision: what the posterior of a new user needs. */
    private static BayesianFoldIn foldIn(List<Prior> priors, double alpha, int k) {
        double[] means = new double[priors.size() * k];
        double[] precisions = new double[priors.size() * k * k];
        for (int s = 0; s < priors.size(); s++) {
            System.arraycopy(priors.get(s).mean, 0, means, s * k, k);
            System.arraycopy(priors.get(s).precision, 0, precisions, s * k * k, k * k);
        }
        return new BayesianFoldIn(alpha, k, means, precisions);
    }

    /** The kept samples side by side, each scaled by 1/sqrt(S): their dot product is the sample average. */
    private static FactorScorer average(List<double[]> us, List<double[]> vs, int k, float mean, TrainingData data) {
        int samples = us.size();
        int width = samples * k;
        float scale = (float) (1 / Math.sqrt(samples));
        float[] users = new float[data.numUsers * width];
        float[] items = new float[data.numItems * width];
        for (int s = 0; s < samples; s++) {
            copy(us.get(s), users, data.numUsers, k, width, s, scale);
            copy(vs.get(s), items, data.numItems, k, width, s, scale);
        }
        return new FactorScorer(users, items, width, null, null, mean, data.train);
    }

    private static void copy(double[] from, float[] to, int rows, int k, int width, int sample, float scale) {
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < k; f++) {
                to[r * width + sample * k + f] = (float) (from[r * k + f] * scale);
            }
        }
    }

    /** Samples every row of one side given the other side and this side's prior, in parallel, seeded per row. */
    private static void sampleSide(Ials.Csr rows, double[] fixed, double[] out, int k, double alpha, Prior prior,
                                   long seed, int iteration, int side) {
        IntStream.range(0, rows.rows()).parallel().forEach(r -> {
            double[] precision = new double[k * k];
            double[] b = new double[k];
            BayesianFoldIn.posterior(prior.precision, 0, prior.mean, 0, alpha, rows.columns, rows.values, rows.offsets[r],
                    rows.offsets[r + 1], fixed, k, precision, b);
            // mean = P^-1 b; sample = mean + L^-T z where P = L L'
            double[] l = Cholesky.cholesky(precision, k);
            double[] meanVector = Cholesky.solveCholesky(l, b, k);
            double[] z = new double[k];
            SplittableRandom random = new SplittableRandom(mix(seed, iteration, side * 1_000_003L + r));
            for (int i = 0; i < k; i++) {
                z[i] = random.nextGaussian();
            }
            double[] offset = Cholesky.solveUpper(l, z, k);
            for (int i = 0; i < k; i++) {
                out[r * k + i] = meanVector[i] + offset[i];
            }
        });
    }

    private static double trainingRmse(Ials.Csr byUser, double[] u, double[] v, int k) {
        double squared = 0;
        long count = 0;
        for (int r = 0; r < byUser.rows(); r++) {
            for (int n = byUser.offsets[r]; n < byUser.offsets[r + 1]; n++) {
                int item = byUser.columns[n];
                double p = 0;
                for (int f = 0; f < k; f++) {
                    p += u[r * k + f] * v[item * k + f];
                }
                double e = byUser.values[n] - p;
                squared += e * e;
                count++;
            }
        }
        return Math.sqrt(squared / Math.max(1, count));
    }

    static long mix(long seed, long a, long b) {
        return dev.lambdarec.prepare.Seeds.mix(dev.lambdarec.prepare.Seeds.mix(seed * 31 + a) + b);
    }

    /** A side's sampled prior mean and precision (Normal-Wishart posterior; mu0 = 0, beta0 = 2, W0 = I, nu0 = k). */
    private record Prior(double[] mean, double[] precision) {
        static Prior sample(double[] rows, int count, int k, SplittableRandom random) {
            double beta0 = 2;
            double[] average = new double[k];
            for (int r = 0; r < count; r++) {
                for (int f = 0; f < k; f++) {
                    average[f] += rows[r * k + f] / count;
                }
            }
            double[] scatter = new double[k * k];
            for (int r = 0; r < count; r++) {
                for (int i = 0; i < k; i++) {
                    double di = rows[r * k + i] - average[i];
                    for (int j = 0; j < k; j++) {
                        scatter[i * k + j] += di * (rows[r * k + j] - average[j]);
                    }
                }
            }
            double betaStar = beta0 + count;
            int nuStar = k + count;
            double[] wInverse = new double[k * k];
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    wInverse[i * k + j] = (i == j ? 1 : 0) + scatter[i * k + j]
                            + beta0 * count / betaStar * average[i] * average[j];
                }
            }
            double[] w = Gaussian.inverse(wInverse, k);
            double[] precision = Gaussian.wishart(w, nuStar, k, random);
            double[] muStar = new double[k];
            for (int f = 0; f < k; f++) {
                muStar[f] = count * average[f] / betaStar;
            }
            double[] scaled = new double[k * k];
            for (int p = 0; p < k * k; p++) {
                scaled[p] = betaStar * precision[p];
            }
            double[] l = Cholesky.cholesky(scaled, k);
            double[] z = new double[k];
            for (int i = 0; i < k; i++) {
                z[i] = random.nextGaussian();
            }
            double[] offset = Cholesky.solveUpper(l, z, k);
            for (int i = 0; i < k; i++) {
                muStar[i] += offset[i];
            }
            return new Prior(muStar, precision);
        }
    }
}
