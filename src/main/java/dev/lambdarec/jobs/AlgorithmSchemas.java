package dev.lambdarec.jobs;

import static dev.lambdarec.jobs.Hyperparameter.choice;
import static dev.lambdarec.jobs.Hyperparameter.flag;
import static dev.lambdarec.jobs.Hyperparameter.integer;
import static dev.lambdarec.jobs.Hyperparameter.real;
import static dev.lambdarec.jobs.Hyperparameter.widths;

import dev.lambdarec.model.TwoStageScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Every algorithm's declared hyperparameters: the one home of their names, kinds, ranges, defaults and meanings.
 * The trainer reads values through these declarations, the train function validates a request with
 * {@link #validate} (no training in the Lambda), and docs/hyperparameters.md is generated from {@link #markdown}.
 */
public final class AlgorithmSchemas {
    private AlgorithmSchemas() {
    }

    private static final Map<String, AlgorithmSchema> ALL = new LinkedHashMap<>();
    /** Stages of two-stage: ranking algorithms other than itself. */
    private static final List<String> STAGES = List.of("popular", "ease", "ials", "neumf", "two-tower", "dlrm", "wide-deep");
    public static final int MAX_RANKERS = 3;
    /**
     * The catalogue size from which EASE's auto inverse hands the Gram matrix to PyTorch (docs/benchmarks.md): a
     * single train in a fresh JVM favours the Java sweep at 1,682 items (1.1-1.2 s against 1.3-1.5 s, PyTorch's
     * load included), but a tuned job (tune=auto, the default) trains EASE 17 times in one JVM, where PyTorch's
     * load is paid once: 11.5-12.3 s against 14.6 s at 1,682 items; at 2,500 PyTorch wins either way.
     */
    public static final int EASE_TORCH_FROM = 1_000;

    static {
        add(AlgorithmSchema.of("popular", "most-popular baseline"));
        add(AlgorithmSchema.of("ease", "EASE closed form (Steck 2019) with optional EDLAE dropout and a session term",
                real("lambda", 500, 0, 1e9, "L2 regularisation of the item-item weights"),
                real("dropout", 0, 0, 0.95, "EDLAE dropout probability (emphasises the diagonal penalty)"),
                real("session_weight", 1, 0, 1e6, "weight of the co-occurrence of items rated close in time (0: off)"),
                real("session_seconds", 60, 1e-3, 1e9, "time scale of the session term's exponential decay"),
                choice("inverse", "auto", List.of("auto", "java", "torch"), "who inverts the Gram matrix: the parallel "
                        + "sweep in Java, PyTorch (LAPACK on the CPU, cuSOLVER on a GPU), or auto (PyTorch from "
                        + EASE_TORCH_FROM + " items when its natives load and fit)"))
                .tuned(SearchRange.continuous("lambda", 5, 5000, true),
                        SearchRange.continuous("session_weight", 0.01, 10, true).timed(),
                        SearchRange.continuous("session_seconds", 10, 86_400, true).timed()));
        add(AlgorithmSchema.of("ials", "implicit ALS (WALS family), conjugate-gradient or Cholesky solves",
                integer("factors", 128, 1, 1024, "latent dimensions"),
                integer("iterations", 5, 1, 1000, "alternating sweeps (users, then items)"),
                real("regularization", 0.02, 0, 1e6, "L2 regularisation, scaled by frequency"),
                real("alpha", 8.0, 0, 1e6, "confidence slope of an observed interaction"),
                choice("weighting", "linear", List.of("linear", "log"), "confidence 1 + alpha r, or 1 + alpha log(1 + r/epsilon)"),
                real("epsilon", 1.0, 1e-9, 1e9, "scale of the log weighting"),
                real("unobserved_weight", 3.0, 0, 1e6, "weight of every unobserved entry"),
                real("regularization_exponent", 1.0, 0, 2, "exponent of the frequency scaling of the regularisation"),
                choice("confidence_from", "binary", List.of("binary", "rating"), "r is 1 for each interaction, or its rating"),
                choice("solver", "cg", List.of("cg", "cholesky"), "per-row solve: warm-started conjugate gradient, or exact"),
                integer("cg_steps", 3, 1, 100, "conjugate-gradient steps per row and sweep"),
                real("init_std", 0.1, 0, 10, "standard deviation of the initial factors"))
                .tuned(SearchRange.categorical("factors", "32", "64", "128", "256"),
                        SearchRange.continuous("alpha", 0.5, 50, true),
                        SearchRange.continuous("unobserved_weight", 0.1, 30, true),
                        SearchRange.continuous("regularization", 0.001, 0.3, true),
                        SearchRange.integer("iterations", 3, 15)));
        add(AlgorithmSchema.of("mf", "explicit ratings: Bayesian PMF by Gibbs sampling, or biased MF by SGD",
                        choice("method", "bayesian", List.of("bayesian", "sgd"), "Gibbs-sampled Bayesian PMF, or SGD biased MF"))
                .variant("method", "bayesian",
                        integer("factors", 10, 1, 256, "latent dimensions"),
                        integer("iterations", 100, 2, 100_000, "Gibbs sweeps"),
                        integer("burn_in", 20, 0, 100_000, "sweeps discarded before averaging (below iterations)"),
                        integer("thin", 2, 1, 1000, "keep every thin-th sample after burn-in"),
                        real("noise_precision", 2.0, 1e-6, 1e6, "precision of the rating noise"))
                .variant("method", "sgd",
                        integer("factors", 100, 1, 1024, "latent dimensions"),
                        integer("epochs", 40, 1, 10_000, "passes over the ratings"),
                        real("learning_rate", 0.007, 1e-9, 1, "SGD step size"),
                        real("learning_rate_decay", 0.97, 0.5, 1, "step size factor per epoch"),
                        real("regularization", 0.05, 0, 100, "L2 regularisation of the factors"),
                        real("bias_regularization", 0.02, 0, 100, "L2 regularisation of the biases"),
                        real("init_std", 0.1, 0, 10, "standard deviation of the initial factors"))
                .predictingRatings(AlgorithmSchema.ALWAYS));
        add(AlgorithmSchema.of("fm", "factorization machine (Tribuo's FMRegressionTrainer) on ids plus side features",
                integer("factors", 16, 1, 512, "latent dimensions"),
                integer("epochs", 5, 1, 10_000, "passes (Tribuo's FM has no L2 term: few epochs regularise)"),
                real("learning_rate", 0.05, 1e-9, 10, "AdaGrad step size"),
                real("init_variance", 0.01, 1e-9, 10, "variance of the initial factors"),
                integer("batch_size", 1, 1, 100_000, "examples per update"),
                flag("side_features", true, "add genres and user demographics as features")).predictingRatings(AlgorithmSchema.ALWAYS));
        add(neural("neumf", "NeuMF (He et al. 2017): GMF and MLP branches, binary cross-entropy on sampled negatives", 6, 1024, 0.002,
                integer("factors", 32, 1, 1024, "embedding dimensions of each branch"),
                widths("layers", "64,32,16,8", "MLP branch: concatenated input width (even), then hidden widths"),
                real("dropout", 0.0, 0, 0.9, "dropout between MLP layers"),
                integer("negatives", 4, 1, 100, "sampled negatives per positive"),
                real("init_std", 0.01, 0, 10, "standard deviation of the initial embeddings")));
        add(neural("two-tower", "user and item towers, in-batch sampled softmax with log-q correction (Yi et al. 2019)", 5, 512, 0.002,
                integer("factors", 64, 1, 1024, "output vector dimensions"),
                widths("layers", "128", "hidden widths of each tower"),
                real("temperature", 0.1, 1e-4, 100, "softmax temperature"),
                flag("logq_correction", true, "subtract log item frequency from in-batch logits"),
                flag("side_features", true, "user demographics and item genres in the towers"),
                real("init_std", 0.1, 0, 10, "standard deviation of the initial embeddings")));
        add(neural("dlrm", "DLRM-style ranker (Naumov et al. 2019): embeddings, bottom MLP, pairwise dots, top MLP", 6, 1024, 0.002,
                integer("factors", 16, 1, 1024, "embedding dimensions"),
                widths("bottom_layers", "32", "hidden widths of the bottom MLP over dense features"),
                widths("top_layers", "64,32", "hidden widths of the top MLP"),
                real("dropout", 0.0, 0, 0.9, "dropout in the top MLP"),
                integer("negatives", 8, 1, 100, "sampled negatives per positive"),
                real("init_std", 0.01, 0, 10, "standard deviation of the initial embeddings")));
        AlgorithmSchema wideDeep = AlgorithmSchema.of("wide-deep", "Wide & Deep (Cheng et al. 2016): linear crosses plus an MLP over embeddings",
                choice("objective", "click", List.of("click", "rating"), "BCE on positives and negatives, or squared error on ratings"),
                integer("factors", 16, 1, 1024, "embedding dimensions"),
                widths("layers", "64,32", "hidden widths of the deep part"),
                real("dropout", 0.0, 0, 0.9, "dropout between deep layers"),
                integer("negatives", 8, 1, 100, "sampled negatives per positive (click)"),
                real("init_std", 0.01, 0, 10, "standard deviation of the initial embeddings"),
                integer("batch_size", 1024, 1, 1 << 20, "samples per mini-batch"),
                real("learning_rate", 0.002, 1e-7, 10, "Adam step size"),
                real("weight_decay", 0.0, 0, 1, "L2 weight decay"));
        add(wideDeep.variant("objective", "click", integer("epochs", 6, 1, 10_000, "passes over the samples"))
                .variant("objective", "rating", integer("epochs", 10, 1, 10_000, "passes over the samples"))
                .predictingRatings("rating"));
        add(AlgorithmSchema.of("two-stage", "retrieve then re-rank, stages blended by z-scores with weights chosen on validation",
                Hyperparameter.algorithm("retriever", "ials", STAGES, "the algorithm that retrieves candidates"),
                Hyperparameter.algorithms("ranker", "dlrm,ease", 1, MAX_RANKERS, STAGES, "the algorithms that re-score them"),
                integer("candidates", 200, 1, 100_000, "candidates retrieved per user"),
                Hyperparameter.weights("blend", "stage weights, the retriever's first; auto: chosen on a validation split")).withStages());
    }

    /** Read by the trainer itself, whatever the algorithm (declared after the algorithms: it names them). */
    public static final List<Hyperparameter> TRAINER = List.of(
            choice("algorithm", "", List.copyOf(ALL.keySet()), "the algorithm the job trains (required)"),
            integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE, "seed of every random draw (a two-stage's stages inherit it)"),
            integer("eval_every", 0, 0, 1_000_000, "epochs between validation metrics in the training log (0: none)"),
            choice("tune", "auto", List.of("auto", "off", "trial"), "auto: search the algorithm's main hyperparameters (those "
                    + "not given) on a validation split, then train the best setting on everything (ials, ease, two-stage's "
                    + "stages); trial: score the given setting on that split for a SageMaker tuning job, then train it on everything"),
            integer("tune_trials", 16, 1, 1000, "settings tried by tune=auto, the defaults first"),
            real("tune_seconds", 3600, 0, 1e7, "no new trial starts after this long (a search shorter than tune_trials is "
                    + "not reproducible across machines)"),
            real("validation_fraction", 0.25, 0.01, 0.5, "share of each validation user's training interactions held out "
                    + "for choices made on validation (tune=auto, two-stage's weights)"),
            integer("validation_users", 10_000, 10, 10_000_000, "users sampled to give validation interactions"),
            integer("ann_min_items", 50_000, -1, Integer.MAX_VALUE,
                    "catalogue size from which factor models get an ANN index (HNSW) for serving (0: always, -1: never)"),
            integer("ann_max_connections", 16, 2, 512, "HNSW links per node (M)"),
            integer("ann_beam_width", 100, 2, 3200, "HNSW candidates kept while linking a node (beamWidth)"));

    /** Neural models share the optimiser's settings, each with its own defaults. */
    private static AlgorithmSchema neural(String name, String summary, int epochs, int batchSize, double learningRate,
                                          Hyperparameter... own) {
        List<Hyperparameter> all = new ArrayList<>(List.of(own));
        all.add(integer("epochs", epochs, 1, 10_000, "passes over the samples"));
        all.add(integer("batch_size", batchSize, 1, 1 << 20, "samples per mini-batch"));
        all.add(real("learning_rate", learningRate, 1e-7, 10, "Adam step size"));
        all.add(real("weight_decay", 0.0, 0, 1, "L2 weight decay"));
        return AlgorithmSchema.of(name, summary, all.toArray(Hyperparameter[]::new));
    }

    private static void add(AlgorithmSchema schema) {
        ALL.put(schema.name(), schema);
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    public static AlgorithmSchema byName(String name) {
        AlgorithmSchema schema = ALL.get(name);
        if (schema == null) {
            throw new IllegalArgumentException("unknown algorithm '" + name + "' (known: " + names() + ")");
        }
        return schema;
    }

    public static Optional<Hyperparameter> trainerParameter(String key) {
        return TRAINER.stream().filter(p -> p.name().equals(key)).findFirst();
    }

    /**
     * Checks a job's hyperparameters (without {@code algorithm}) before anything trains: every key declared (for
     * two-stage, {@code <role>.<key>} declared by that stage's algorithm), every value in its range, two-stage's
     * stages distinct ranking algorithms with as many blend weights as stages. The message names the key.
     */
    public static void validate(String algorithm, Map<String, String> values) {
        AlgorithmSchema schema = byName(algorithm);
        Function<String, String> own = values::get;
        Set<String> unknown = new TreeSet<>();
        List<String> stages = schema.staged() ? stages(values) : List.of();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            Optional<Hyperparameter> declared = schema.find(key, own).or(() -> trainerParameter(key));
            if (key.equals("algorithm") && !entry.getValue().trim().equals(algorithm)) {
                throw new IllegalArgumentException("hyperparameter algorithm is '" + entry.getValue() + "' but the job trains " + algorithm);
            }
            if (declared.isEmpty() && schema.staged() && key.contains(".")) {
                declared = stageParameter(stages, key, values);
            }
            if (declared.isEmpty()) {
                unknown.add(key);
            } else {
                declared.get().check(key, entry.getValue());
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown hyperparameter(s) " + unknown + "; " + algorithm + " reads "
                    + schema.declared(own).stream().map(Hyperparameter::name).toList() + " and "
                    + TRAINER.stream().map(Hyperparameter::name).toList()
                    + (schema.staged() ? ", and each stage's own under <role>. (retriever., ranker., ranker2., ...)" : ""));
        }
        if (schema.staged()) {
            checkStages(stages, values);
        }
    }

    /** Two-stage's stage algorithms, retriever first, as the values (or the defaults) name them. */
    /** Algorithms trained by DJL (PyTorch): the ones a GPU instance speeds up. */
    private static final Set<String> NEURAL = Set.of("neumf", "two-tower", "dlrm", "wide-deep");

    /**
     * Whether a job belongs on a GPU training instance: a neural algorithm, or a two-stage with a neural stage.
     * Classic ones (popular, EASE, iALS, MF, FM) run on CPU instances, where the trainer uses every core.
     */
    public static boolean needsGpu(String algorithm, Map<String, String> values) {
        if (byName(algorithm).staged()) {
            return stages(values).stream().anyMatch(NEURAL::contains);
        }
        return NEURAL.contains(algorithm);
    }

    public static List<String> stages(Map<String, String> values) {
        AlgorithmSchema schema = byName("two-stage");
        List<String> stages = new ArrayList<>();
        String retriever = values.getOrDefault("retriever", schema.find("retriever", k -> null).orElseThrow().defaultValue()).trim();
        stages.add(retriever);
        for (String ranker : values.getOrDefault("ranker", schema.find("ranker", k -> null).orElseThrow().defaultValue()).split(",", -1)) {
            stages.add(ranker.trim());
        }
        return stages;
    }

    private static Optional<Hyperparameter> stageParameter(List<String> stages, String key, Map<String, String> values) {
        String role = key.substring(0, key.indexOf('.'));
        String inner = key.substring(role.length() + 1);
        for (int s = 0; s < stages.size(); s++) {
            if (TwoStageScorer.role(s).equals(role) && ALL.containsKey(stages.get(s))) {
                String prefix = role + ".";
                return byName(stages.get(s)).find(inner, k -> values.get(prefix + k)).or(() -> trainerParameter(inner).filter(p -> p.name().equals("seed")));
            }
        }
        return Optional.empty();
    }

    /** Two-stage's rules across keys: distinct ranking stages, as many blend weights as stages. */
    public static void checkStages(List<String> stages, Map<String, String> values) {
        for (int s = 0; s < stages.size(); s++) {
            String stage = stages.get(s);
            String prefix = TwoStageScorer.role(s) + ".";
            if (!STAGES.contains(stage) || byName(stage).predictsRatings(k -> values.get(prefix + k))) {
                throw new IllegalArgumentException("hyperparameters retriever and ranker must name ranking algorithms other than two-stage ("
                        + STAGES + "), was '" + stage + "'");
            }
            if (stages.indexOf(stage) != s) {
                throw new IllegalArgumentException("each stage must be a different algorithm; '" + stage + "' is named twice in retriever and ranker");
            }
        }
        String blend = values.getOrDefault("blend", "auto").trim();
        if (!blend.equals("auto") && Hyperparameter.weightsOf(blend).length != stages.size()) {
            throw new IllegalArgumentException("hyperparameter blend must be auto or " + stages.size() + " non-negative weights, the retriever's first, "
                    + "not all zero (e.g. " + "0.5,".repeat(stages.size() - 1) + "0.5), was '" + blend + "'");
        }
    }

    /** docs/hyperparameters.md: every algorithm's table, generated from the declarations (a test keeps it equal). */
    public static String markdown() {
        StringBuilder out = new StringBuilder("# Hyperparameters\n\n")
                .append("Generated from `dev.lambdarec.jobs.AlgorithmSchemas` (the declarations the trainer reads through and the\n")
                .append("train function validates against); `HyperparameterSchemaTest` fails when this file and the code differ.\n")
                .append("Values are strings, as SageMaker passes them. Every algorithm also takes:\n\n");
        table(out, TRAINER);
        for (AlgorithmSchema schema : ALL.values()) {
            out.append("\n## `").append(schema.name()).append("`\n\n").append(schema.summary()).append(".\n\n");
            if (schema.parameters().isEmpty() && schema.variants().isEmpty()) {
                out.append("No hyperparameters of its own.\n");
                continue;
            }
            table(out, schema.parameters());
            schema.variants().forEach((variant, specific) -> {
                out.append("\nWith `").append(schema.variantKey()).append('=').append(variant).append("`:\n\n");
                table(out, specific);
            });
            if (!schema.searchSpace().isEmpty()) {
                out.append("\n`tune=auto` searches, among the keys a job does not give: ")
                        .append(String.join(", ", schema.searchSpace().stream().map(SearchRange::describe).toList())).append(".\n");
            }
            if (schema.staged()) {
                out.append("\nEach stage takes its own algorithm's hyperparameters under its role: `retriever.<key>`, `ranker.<key>`, "
                        + "`ranker2.<key>`, ... (`retriever.factors=64`); a stage's `seed` defaults to the job's.\n");
            }
        }
        return out.toString();
    }

    private static void table(StringBuilder out, List<Hyperparameter> parameters) {
        out.append("| name | default | range | meaning |\n| --- | --- | --- | --- |\n");
        for (Hyperparameter p : parameters) {
            out.append("| `").append(p.name()).append("` | `").append(p.defaultValue()).append("` | ").append(p.range())
                    .append(" | ").append(p.meaning()).append(" |\n");
        }
    }
}
