package dev.lambdarec.store;

/**
 * Every key and file name of the bucket (DESIGN.md, "Object store layout"): the one place that knows where a
 * dataset, a model, the promoted pointer and a registration record live, and what their files are called.
 */
public final class StoreLayout {
    private StoreLayout() {
    }

    /** What users upload; an upload here starts prepare. */
    public static final String RAW = "raw/";
    public static final String DATASETS = "datasets/";
    public static final String MODELS = "models/";
    /** Recorded events, one object a call and day, partitioned by the events' day: outside raw/, so recording starts no prepare. */
    public static final String EVENTS = "events/";
    /**
     * A Processing job's prepare: its request, and what it leaves for the prepare function to adopt (the manifest,
     * written into datasets/ last, and its answer).
     */
    public static final String PREPARE_JOBS = "prepare-jobs/";
    /** The promoted model; changed only by compare-and-set. */
    public static final String CURRENT_MODEL = MODELS + "current.json";

    // a dataset's files
    /** Written last: its presence means the dataset is whole. */
    public static final String MANIFEST = "manifest.json";
    public static final String TRAIN = "train.npz";
    public static final String TEST = "test.npz";
    /** index -> external id (+ side features); a model carries copies of both for serving. */
    public static final String USERS = "users.tsv.gz";
    public static final String ITEMS = "items.tsv.gz";
    public static final String REJECTED = "rejected.tsv.gz";

    // a model's files
    public static final String MODEL_CARD = "model.json";
    public static final String WEIGHTS = "weights.npz";
    public static final String REPORT = "report.html";
    /** The approximate nearest-neighbour index over the item vectors, for large catalogues. */
    public static final String ANN_INDEX = "ann.npz";

    /** The SageMaker input channel a training job reads its dataset from ({@code /opt/ml/input/data/train/}). */
    public static final String TRAINING_CHANNEL = "train";
    /**
     * The channel that carries the current model's files into a training job ({@code /opt/ml/input/data/champion/}),
     * so the trainer measures it on the new test split too.
     */
    public static final String CHAMPION_CHANNEL = "champion";
    /** The registry's overview page, written anew at every decision. */
    public static final String INDEX_PAGE = MODELS + "index.html";

    /**
     * The object of one call's recorded events of one day: {@code events/dt=YYYY-MM-DD/<hash of the subject and the
     * call's sorted event ids>.csv}, so a call sent again (a Lambda or client retry) names the same object, created
     * once, and two subjects' equal event ids never collide.
     */
    public static String events(long epochSeconds, String subject, java.util.Collection<String> eventIds) {
        String day = java.time.LocalDate.ofInstant(java.time.Instant.ofEpochSecond(epochSeconds), java.time.ZoneOffset.UTC).toString();
        StringBuilder named = new StringBuilder(subject);
        eventIds.stream().sorted().forEach(id -> named.append('\u0000').append(id));
        return EVENTS + "dt=" + day + "/" + dev.lambdarec.common.Hashing.sha256(named.toString()).substring(0, 40) + ".csv";
    }

    public static String dataset(String datasetId) {
        return DATASETS + datasetId + "/";
    }

    public static String datasetFile(String datasetId, String file) {
        return dataset(datasetId) + file;
    }

    public static String model(String modelId) {
        return MODELS + modelId + "/";
    }

    public static String modelFile(String modelId, String file) {
        return model(modelId) + file;
    }

    /** What register decided about one training job, kept beside the models. */
    public static String registration(String jobName) {
        return MODELS + "jobs/" + jobName + "/";
    }

    public static String prepareJob(String jobName) {
        return PREPARE_JOBS + jobName + "/";
    }

    public static String rawUpload(String name) {
        return RAW + name + "/";
    }
}
