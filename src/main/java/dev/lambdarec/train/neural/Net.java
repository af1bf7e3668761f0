package dev.lambdarec.train.neural;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A DJL block made of named parameters and a forward function over them: every model here is a few embedding
 * tables and small dense layers, and naming each tensor keeps the export to the plain-Java scorers explicit.
 * Initial values come from the job's seed (not the engine's generator), so a seed fixes the starting point on
 * any device.
 */
final class Net extends AbstractBlock {

    /** The model's computation: inputs (id columns, dense features) to one output (logits or scores). */
    interface Forward {
        NDArray apply(Values values, NDList inputs, boolean training);
    }

    /** The parameters' current values on the inputs' device, as the training step sees them. */
    static final class Values {
        private final Net net;
        private final ParameterStore store;
        private final ai.djl.Device device;
        private final boolean training;

        Values(Net net, ParameterStore store, ai.djl.Device device, boolean training) {
            this.net = net;
            this.store = store;
            this.device = device;
            this.training = training;
        }

        NDArray get(String name) {
            Parameter parameter = net.named.get(name);
            if (parameter == null) {
                throw new IllegalArgumentException("no parameter " + name);
            }
            return store.getValue(parameter, device, training);
        }

        /** Rows of an embedding table for a column of ids (int64): PyTorch's embedding op, with its sparse-free backward. */
        NDArray rows(String table, NDArray ids) {
            NDArray weight = get(table);
            return weight.getNDArrayInternal().embedding(ids, weight, SparseFormat.DENSE).head();
        }

        /** The mean embedding of each id's side features (see {@link Builder#side}). */
        NDArray bag(String side, NDArray ids) {
            return rows(side + "_bags", ids).matMul(get(side + "_features"));
        }

        /** x W' + b for a dense layer stored as {@code name.w} [out, in] and {@code name.b} [out]. */
        NDArray dense(String name, NDArray x) {
            return Linear.linear(x, get(name + ".w"), get(name + ".b")).head();
        }

        /** A ReLU MLP over the layers named {@code prefix0..prefix(n-1)}, dropout between layers while training. */
        NDArray mlp(String prefix, int layers, NDArray x, float dropout) {
            for (int l = 0; l < layers; l++) {
                x = Activation.relu(dense(prefix + l, x));
                if (dropout > 0) {
                    x = Dropout.dropout(x, dropout, training).head();
                }
            }
            return x;
        }
    }

    private final Map<String, Parameter> named = new LinkedHashMap<>();
    private final Forward forward;

    private Net(List<Spec> specs, long seed, Forward forward) {
        this.forward = forward;
        for (Spec spec : specs) {
            Parameter parameter = addParameter(Parameter.builder().setName(spec.name).setType(Parameter.Type.WEIGHT)
                    .optShape(spec.shape).optInitializer(new Seeded(spec, seed)).optRequiresGrad(spec.kind != 'c').build());
            named.put(spec.name, parameter);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(forward.apply(new Values(this, store, inputs.head().getDevice(), training), inputs, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    /** A parameter's values as a row-major float array (what the exporters read). */
    float[] floats(String name) {
        return named.get(name).getArray().toFloatArray();
    }

    /** Per row of one side: the id embedding, then the mean embedding of its features ([rows, 2 * dims]). */
    float[] sideVectors(String side, Bags bags, int dims) {
        float[] ids = floats(side);
        float[] features = bags.embed(floats(side + "_features"), dims);
        float[] out = new float[bags.rows() * 2 * dims];
        for (int r = 0; r < bags.rows(); r++) {
            System.arraycopy(ids, r * dims, out, r * 2 * dims, dims);
            System.arraycopy(features, r * dims, out, r * 2 * dims + dims, dims);
        }
        return out;
    }

    /**
     * How a parameter starts: N(0, std) for embeddings, Glorot-uniform for dense weights, zero for biases; 'c' is
     * a constant table (feature bags, log sampling probabilities) that lookups read but training never changes.
     */
    record Spec(String name, Shape shape, char kind, double std, float[] values) {
        Spec(String name, Shape shape, char kind, double std) {
            this(name, shape, kind, std, null);
        }
    }

    static final class Builder {
        private final List<Spec> specs = new ArrayList<>();

        Builder embedding(String name, long rows, long width, double std) {
            specs.add(new Spec(name, new Shape(rows, width), 'n', std));
            return this;
        }

        /**
         * One side's ids and features: an id table {@code side}, a feature table {@code side_features} and the
         * constant bag matrix {@code side_bags} that averages a row's features.
         */
        Builder side(String side, Bags bags, long dims, double std) {
            return embedding(side, bags.rows(), dims, std)
                    .embedding(side + "_features", bags.width(), dims, std)
                    .constant(side + "_bags", bags.mean(), bags.rows(), bags.width());
        }

        Builder constant(String name, float[] values, long rows, long width) {
            specs.add(new Spec(name, new Shape(rows, width), 'c', 0, values));
            return this;
        }

        Builder dense(String name, long in, long out) {
            specs.add(new Spec(name + ".w", new Shape(out, in), 'x', 0));
            specs.add(new Spec(name + ".b", new Shape(out), 'z', 0));
            return this;
        }

        /** Dense layers prefix0..: sizes[0] inputs, then one layer per further size. */
        Builder mlp(String prefix, long in, int[] sizes) {
            long width = in;
            for (int l = 0; l < sizes.length; l++) {
                dense(prefix + l, width, sizes[l]);
                width = sizes[l];
            }
            return this;
        }

        Net build(long seed, Forward forward) {
            return new Net(specs, seed, forward);
        }
    }

    /** Draws a parameter's initial values from its own stream of the job's seed (independent of creation order). */
    private record Seeded(Spec spec, long seed) implements Initializer {
        @Override
        public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
            if (spec.kind == 'c') {
                return manager.create(spec.values, shape);
            }
            SplittableRandom random = new SplittableRandom(seed * 31 + spec.name.hashCode());
            float[] values = new float[Math.toIntExact(shape.size())];
            double limit = shape.dimension() == 2 ? Math.sqrt(6.0 / (shape.get(0) + shape.get(1))) : 0;
            for (int n = 0; n < values.length; n++) {
                values[n] = switch (spec.kind) {
                    case 'n' -> (float) (gaussian(random) * spec.std);
                    case 'x' -> (float) ((random.nextDouble() * 2 - 1) * limit);
                    default -> 0f;
                };
            }
            return manager.create(values, shape);
        }

        private static double gaussian(SplittableRandom random) {
            double u = Math.max(random.nextDouble(), 1e-300);
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
        }
    }
}
