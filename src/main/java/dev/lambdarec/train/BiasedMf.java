package dev.lambdarec.train;

import dev.lambdarec.common.Shuffle;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.RatingsFoldIn;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Matrix factorisation for explicit ratings. {@code method=bayesian} (default) samples the posterior by Gibbs
 * sampling ({@link BayesianMf}); {@code method=sgd} is biased MF (Koren, Bell, Volinsky 2009): r_hat = mu +
 * b_u + b_i + p_u . q_i, trained by SGD on the squared error with L2 regularisation, ratings visited in a
 * seeded shuffled order each epoch, learning rate decayed geometrically.
 */
public final class BiasedMf implements Algorithm {

    @Override
    public String name() {
        return "mf";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        data.requireRatings(name());
        if (hp.choice("method").equals("bayesian")) {
            return BayesianMf.train(data, hp, validation);
        }
        int k = hp.integer("factors");
        int epochs = hp.integer("epochs");
        double learningRate = hp.real("learning_rate");
        double decay = hp.real("learning_rate_decay");
        double reg = hp.real("regularization");
        double biasReg = hp.real("bias_regularization");
        double initStd = hp.real("init_std");
        long seed = hp.seed();

        int n = data.trainUsers.length;
        double mean = 0;
        for (float r : data.trainRatings) {
            mean += r;
        }
        float mu = (float) (mean / n);
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = Ials.gaussian(data.numUsers * k, initStd, random);
        float[] q = Ials.gaussian(data.numItems * k, initStd, random);
        float[] bu = new float[data.numUsers];
        float[] bi = new float[data.numItems];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        double[] rate = {learningRate};
        List<ModelCard.Epoch> curve = TrainingLoop.run(name(), epochs, validation, new TrainingLoop.Steps() {
            @Override
            public double epoch(int epoch) {
                Shuffle.inPlace(order, 0, n, random);
                float lr = (float) rate[0];
                double squared = 0;
                for (int index : order) {
                    int u = data.trainUsers[index];
                    int i = data.trainItems[index];
                    int pu = u * k;
                    int qi = i * k;
                    float dot = 0;
                    for (int f = 0; f < k; f++) {
                        dot += p[pu + f] * q[qi + f];
                    }
                    float error = data.trainRatings[index] - (mu + bu[u] + bi[i] + dot);
                    squared += error * error;
                    bu[u] += lr * (error - biasReg * bu[u]);
                    bi[i] += lr * (error - biasReg * bi[i]);
                    for (int f = 0; f < k; f++) {
                        float pf = p[pu + f];
                        float qf = q[qi + f];
                        p[pu + f] += lr * (error * qf - reg * pf);
                        q[qi + f] += lr * (error * pf - reg * qf);
                    }
                }
                rate[0] *= decay;
                return Math.sqrt(squared / n);
            }

            @Override
            public FactorScorer snapshot() {
                return new FactorScorer(p.clone(), q.clone(), k, bu.clone(), bi.clone(), mu, data.train).withFoldIn(new RatingsFoldIn(reg, biasReg));
            }
        });
        return new TrainedModel(new FactorScorer(p, q, k, bu, bi, mu, data.train).withFoldIn(new RatingsFoldIn(reg, biasReg)), curve);
    }
}
