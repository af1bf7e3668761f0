package dev.lambdarec.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.train.Algorithms;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The command line of scripts/run-local.sh: a contract other tools rely on, so flags are only ever added. */
record LocalOptions(
        Path data,
        String format,
        SyntheticSpec synthetic,
        Path store,
        Path work,
        String bucket,
        List<String> stages,
        String split,
        int negatives,
        int testNegatives,
        int minUser,
        int minItem,
        Double ratingThreshold,
        ObjectNode csv,
        List<String> algorithms,
        Map<String, Map<String, String>> hyperparameters,
        List<Path> predict,
        Path events,
        String redis,
        int shards,
        boolean retrain,
        long lambdaMaxBytes,
        boolean help) {

    static final String USAGE = """
            usage: scripts/run-local.sh [options]
              input (default: download MovieLens 100K from GroupLens):
                --data PATH            a directory, ratings file or MovieLens .zip
                --format F             movielens-100k | movielens-1m | movielens-latest | csv (default movielens-100k)
                --columns SPEC         csv: role=column, e.g. user=userId,item=movieId,rating=rating,timestamp=ts
                --delimiter D          csv: field delimiter (default: guessed from the first line); 'tab' for a tab
                --no-header            csv: the first line is data
                --rating-range MIN:MAX[:STEP]   csv: reject ratings outside it
                --synthetic            planted-structure synthetic data instead (MovieLens 100K layout)
                --users N --items N --interactions N --seed N   its size and seed (default 943 x 1682, 100000, 42)
              pipeline:
                --retrain              run as the retrain state machine does: prepare everything under raw/ (and
                                       events/), train --algorithms (default ials,two-stage) each measuring the
                                       current model on the new split, register, and batch only if one was promoted
                --lambda-max-bytes N   --retrain: raw input above N bytes is prepared as a Processing job (here a
                                       child JVM with SageMaker's layout) instead of in the function (default 2 GiB)
                --stages LIST          comma-separated stages (default: all: prepare,train,register,batch)
                --algorithms LIST      what train trains (default: every one, popular,ease,ials,mf,fm,neumf,two-tower,
                                       dlrm,wide-deep,two-stage; mf and fm need ratings);
                                       register then promotes each one that beats the current model on nDCG@10
                --hyperparameter A.K=V  a hyperparameter of algorithm A for train, e.g. ials.tune=off (repeatable)
                --redis URI            batch: write to this Redis (default: an embedded Redis for the run)
                --shards N             batch: shards of the run, run concurrently (default 2)
                --events FILE          after the stages, post the JSON body in FILE to the events function
                                       (e.g. events/events-put.json; an embedded Redis keeps the recent lists)
                --predict FILE         then post the body in FILE to the predict function (e.g.
                                       events/predict-topk.json) and print the response; give it several times
                                       to have each answered in order; with --events, top-K reads the recent events
                --split SPEC           leave-last:N | leave-one-out | random:R:SEED | stratified-user:R:SEED |
                                       stratified-item:R:SEED | temporal:R   (default stratified-item:0.75:42)
                --negatives N          sampled negatives per training positive (default 4)
                --test-negatives N     fixed negatives per test user, NCF protocol (default 0; 99 or 100 typical)
                --min-user N --min-item N       minimum interactions, iterated to a fixed point
                --rating-threshold R   keep ratings >= R as implicit positives
              where:
                --store DIR            the local S3 server's files: DIR/<bucket>/<key> (default .lambdarec/store)
                --work DIR             scratch and downloads (default .lambdarec/work)
                --bucket NAME          bucket name (default lambdarec)
            """;

    static LocalOptions parse(String[] args) {
        Path data = null;
        String format = null;
        boolean synthetic = false;
        int users = 943;
        int items = 1682;
        long interactions = 100_000;
        long seed = 42;
        Path store = Path.of(".lambdarec/store");
        Path work = Path.of(".lambdarec/work");
        String bucket = "lambdarec";
        List<String> stages = LocalPipeline.knownStages();
        String split = "stratified-item:0.75:42";
        int negatives = 4;
        int testNegatives = 0;
        int minUser = 0;
        int minItem = 0;
        Double threshold = null;
        ObjectNode csv = null;
        boolean help = false;
        List<String> algorithms = Algorithms.names();
        List<Path> predict = new java.util.ArrayList<>();
        Map<String, Map<String, String>> hyperparameters = new java.util.TreeMap<>();
        Path events = null;
        String redis = null;
        int shards = 2;
        boolean retrain = false;
        long lambdaMaxBytes = Long.parseLong(dev.lambdarec.prepare.PreparePlan.DEFAULT_LAMBDA_MAX_BYTES);
        boolean algorithmsGiven = false;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "-h", "--help" -> help = true;
                case "--data" -> data = Path.of(value(flag, rest));
                case "--format" -> format = value(flag, rest);
                case "--synthetic" -> synthetic = true;
                case "--users" -> users = (int) number(flag, rest);
                case "--items" -> items = (int) number(flag, rest);
                case "--interactions" -> interactions = number(flag, rest);
                case "--seed" -> seed = number(flag, rest);
                case "--store" -> store = Path.of(value(flag, rest));
                case "--work" -> work = Path.of(value(flag, rest));
                case "--bucket" -> bucket = value(flag, rest);
                case "--stages" -> stages = stages(value(flag, rest));
                case "--algorithms" -> {
                    algorithms = algorithms(value(flag, rest));
                    algorithmsGiven = true;
                }
                case "--retrain" -> retrain = true;
                case "--lambda-max-bytes" -> lambdaMaxBytes = number(flag, rest);
                case "--predict" -> predict.add(Path.of(value(flag, rest)));
                case "--hyperparameter" -> {
                    String setting = value(flag, rest);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([a-z-]+)\\.([A-Za-z0-9_.]+)=(.*)").matcher(setting);
                    if (!m.matches()) {
                        throw new IllegalArgumentException("--hyperparameter takes ALGORITHM.KEY=VALUE (e.g. ials.tune=off), was " + setting);
                    }
                    hyperparameters.computeIfAbsent(m.group(1), a -> new java.util.TreeMap<>()).put(m.group(2), m.group(3));
                }
                case "--events" -> events = Path.of(value(flag, rest));
                case "--redis" -> redis = value(flag, rest);
                case "--shards" -> shards = (int) number(flag, rest);
                case "--split" -> split = value(flag, rest);
                case "--negatives" -> negatives = (int) number(flag, rest);
                case "--test-negatives" -> testNegatives = (int) number(flag, rest);
                case "--min-user" -> minUser = (int) number(flag, rest);
                case "--min-item" -> minItem = (int) number(flag, rest);
                case "--rating-threshold" -> threshold = Double.parseDouble(value(flag, rest));
                case "--columns" -> csv = csv(csv).put("columns", value(flag, rest));
                case "--delimiter" -> {
                    String d = value(flag, rest);
                    csv = csv(csv).put("delimiter", d.equals("tab") ? "\t" : d);
                }
                case "--no-header" -> csv = csv(csv).put("header", false);
                case "--rating-range" -> csv = csv(csv).put("ratingRange", value(flag, rest));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (data != null && synthetic) {
            throw new IllegalArgumentException("give --data or --synthetic, not both");
        }
        if (format == null) {
            format = data != null && data.toString().endsWith(".csv") ? "csv" : "movielens-100k";
        }
        if (synthetic && !format.equals("movielens-100k")) {
            throw new IllegalArgumentException("--synthetic writes the movielens-100k layout; drop --format " + format);
        }
        if (csv != null && !format.equals("csv")) {
            throw new IllegalArgumentException("--columns/--delimiter/--no-header/--rating-range need --format csv");
        }
        if (shards < 1 || shards > 64) {
            throw new IllegalArgumentException("--shards must be between 1 and 64, was " + shards);
        }
        if (retrain && !algorithmsGiven) {
            algorithms = dev.lambdarec.jobs.RetrainPlan.algorithms(dev.lambdarec.jobs.RetrainPlan.DEFAULT_ALGORITHMS);
        }
        for (String algorithm : hyperparameters.keySet()) {
            if (!algorithms.contains(algorithm)) {
                throw new IllegalArgumentException("--hyperparameter " + algorithm + ".*: " + algorithm + " is not trained (--algorithms "
                        + String.join(",", algorithms) + ")");
            }
        }
        SyntheticSpec spec = synthetic ? SyntheticSpec.movielensLike(seed).withSize(users, items, interactions) : null;
        return new LocalOptions(data, format, spec, store, work, bucket, stages, split, negatives, testNegatives,
                minUser, minItem, threshold, csv, algorithms, hyperparameters, List.copyOf(predict), events, redis, shards, retrain, lambdaMaxBytes, help);
    }

    private static ObjectNode csv(ObjectNode csv) {
        return csv != null ? csv : JsonNodeFactory.instance.objectNode();
    }

    private static List<String> stages(String list) {
        List<String> stages = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String stage : stages) {
            if (!LocalPipeline.knownStages().contains(stage)) {
                throw new IllegalArgumentException("unknown stage '" + stage + "' (stages: " + LocalPipeline.knownStages() + ")");
            }
        }
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("--stages is empty");
        }
        return stages;
    }

    private static List<String> algorithms(String list) {
        List<String> names = Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String name : names) {
            if (!Algorithms.names().contains(name)) {
                throw new IllegalArgumentException("unknown algorithm '" + name + "' (algorithms: " + Algorithms.names() + ")");
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("--algorithms is empty");
        }
        return names;
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty() || rest.get(0).startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }

    private static long number(String flag, List<String> rest) {
        String value = value(flag, rest);
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a whole number, was '" + value + "'");
        }
    }
}
