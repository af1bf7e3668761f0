package dev.lambdarec.train;

import dev.lambdarec.model.FactorScorer;
import dev.lambdarec.model.ModelCard;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.Tensor;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.evaluation.RegressionEvaluator;
import org.tribuo.regression.sgd.fm.FMRegressionModel;
import org.tribuo.regression.sgd.fm.FMRegressionTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * A factorization machine (Rendle 2010) for rating prediction, trained with Tribuo's FMRegressionTrainer on
 * one-hot user and item ids plus side features (genres, gender, age decade, occupation). Because every
 * feature belongs to the user or to the item, the model splits exactly into a factor model:
 * score = b + b'_u + b'_i + s_u . s_i, with s = sum of the side's feature factors and b' its linear weights
 * plus its within-side pairwise interactions, so serving runs the plain-Java {@link FactorScorer}.
 * Tribuo's own regression evaluator is run on the test split as a cross-check of the exported scores.
 */
public final class FactorizationMachine implements Algorithm {
    private static final Logger LOG = Logger.getLogger(FactorizationMachine.class.getName());
    private static final String TARGET = "rating";

    @Override
    public String name() {
        return "fm";
    }

    @Override
    public TrainedModel fit(TrainingData data, Hyperparameters hp, TrainingLoop.Validation validation) {
        data.requireRatings(name());
        int factors = hp.integer("factors");
        int epochs = hp.integer("epochs"); // Tribuo's FM has no L2 term: few epochs regularise
        double learningRate = hp.real("learning_rate");
        double variance = hp.real("init_variance");
        int batch = hp.integer("batch_size");
        boolean sideFeatures = hp.flag("side_features");
        long seed = hp.seed();

        long started = System.nanoTime();
        List<List<String>> userFeatures = featureNames("u=", data.numUsers, sideFeatures ? data.side.users() : null);
        List<List<String>> itemFeatures = featureNames("i=", data.numItems, sideFeatures ? data.side.items() : null);
        MutableDataset<Regressor> train = dataset(data.trainUsers, data.trainItems, data.trainRatings, userFeatures, itemFeatures, "train");
        FMRegressionTrainer trainer = new FMRegressionTrainer(new SquaredLoss(), new AdaGrad(learningRate, 1e-6),
                epochs, Math.max(1, data.trainUsers.length / 4), batch, seed, factors, variance, false);
        FMRegressionModel model = trainer.train(train);
        double seconds = (System.nanoTime() - started) / 1e9;

        ImmutableFeatureMap ids = model.getFeatureIDMap();
        DenseMatrix linear = model.getLinearWeightsCopy();
        Tensor[] factorTensors = model.getFactorsCopy();
        DenseMatrix v = (DenseMatrix) factorTensors[0];
        double bias = model.getBiasesCopy().get(0);
        Side users = collapse(userFeatures, ids, linear, v, factors);
        Side items = collapse(itemFeatures, ids, linear, v, factors);
        FactorScorer scorer = new FactorScorer(users.factors, items.factors, factors, users.bias, items.bias, (float) bias, data.train);

        Map<String, Double> crossCheck = new LinkedHashMap<>();
        if (data.testUsers.length > 0) {
            var evaluation = new RegressionEvaluator().evaluate(model,
                    dataset(data.testUsers, data.testItems, data.testRatings, userFeatures, itemFeatures, "test"));
            Regressor dimension = new Regressor(TARGET, Double.NaN);
            LOG.info(String.format("fm: Tribuo's evaluator on the test split: rmse %.4f, mae %.4f, r2 %.4f",
                    evaluation.rmse(dimension), evaluation.mae(dimension), evaluation.r2(dimension)));
            crossCheck.put("tribuo_rmse", evaluation.rmse(dimension));
            crossCheck.put("tribuo_mae", evaluation.mae(dimension));
            crossCheck.put("tribuo_r2", evaluation.r2(dimension));
        }
        List<ModelCard.Epoch> curve = List.of(new ModelCard.Epoch(epochs, Double.NaN, seconds, null));
        return new TrainedModel(scorer, curve, crossCheck);
    }

    private static List<List<String>> featureNames(String idPrefix, int count, List<List<String>> side) {
        List<List<String>> names = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            List<String> features = new ArrayList<>();
            features.add(idPrefix + n);
            if (side != null) {
                for (String feature : side.get(n)) {
                    features.add(idPrefix.charAt(0) + ":" + feature);
                }
            }
            names.add(features);
        }
        return names;
    }

    private static MutableDataset<Regressor> dataset(int[] users, int[] items, float[] ratings,
                                                     List<List<String>> userFeatures, List<List<String>> itemFeatures, String name) {
        MutableDataset<Regressor> dataset = new MutableDataset<>(new SimpleDataSourceProvenance(name, new RegressionFactory()),
                new RegressionFactory());
        for (int n = 0; n < users.length; n++) {
            List<String> features = new ArrayList<>(userFeatures.get(users[n]));
            features.addAll(itemFeatures.get(items[n]));
            dataset.add(example(features, ratings[n]));
        }
        return dataset;
    }

    private static Example<Regressor> example(List<String> features, float rating) {
        String[] names = features.toArray(String[]::new);
        double[] values = new double[names.length];
        java.util.Arrays.fill(values, 1.0);
        return new ArrayExample<>(new Regressor(TARGET, rating), names, values);
    }

    /** One side's features summed into serving factors and a bias (features unseen in training add nothing). */
    private record Side(float[] factors, float[] bias) {
    }

    private static Side collapse(List<List<String>> features, ImmutableFeatureMap ids, DenseMatrix linear, DenseMatrix v, int k) {
        float[] out = new float[features.size() * k];
        float[] bias = new float[features.size()];
        for (int n = 0; n < features.size(); n++) {
            double[] sum = new double[k];
            double squares = 0;
            double linearSum = 0;
            for (String name : features.get(n)) {
                var info = ids.get(name);
                if (info == null) {
                    continue;
                }
                int id = info.getID();
                linearSum += linear.get(0, id);
                for (int f = 0; f < k; f++) {
                    double value = v.get(f, id); // Tribuo stores the factors as [factors x features]
                    sum[f] += value;
                    squares += value * value;
                }
            }
            double sumSquares = 0;
            for (int f = 0; f < k; f++) {
                out[n * k + f] = (float) sum[f];
                sumSquares += sum[f] * sum[f];
            }
            bias[n] = (float) (linearSum + 0.5 * (sumSquares - squares));
        }
        return new Side(out, bias);
    }

}
