package dev.lambdarec.local;

import dev.lambdarec.store.StoreLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.batch.BatchRecommender;
import dev.lambdarec.batch.BatchRequest;
import dev.lambdarec.batch.redis.RedisRecentEvents;
import dev.lambdarec.batch.redis.RedisRecommendationStore;
import dev.lambdarec.events.EventBatch;
import dev.lambdarec.events.EventRecorder;
import dev.lambdarec.events.FreshEvents;
import dev.lambdarec.functions.EventsHandler;
import dev.lambdarec.functions.FunctionGateway;
import dev.lambdarec.functions.LambdaPayload;
import dev.lambdarec.functions.PredictHandler;
import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.RetrainPlan;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.functions.TrainHandler;
import dev.lambdarec.prepare.PreparePlan;
import dev.lambdarec.register.RetrainOutcome;
import java.util.Optional;
import dev.lambdarec.functions.RegisterHandler;
import dev.lambdarec.register.PromotionGate;
import dev.lambdarec.register.Registrar;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import dev.lambdarec.functions.PrepareHandler;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.serve.ModelCache;
import dev.lambdarec.serve.PredictLimits;
import dev.lambdarec.serve.Predictor;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole pipeline on this machine: an in-process S3 server over a directory, raw data uploaded under raw/
 * as a user would, then each stage through the same handler code the Lambda functions run.
 */
public final class LocalPipeline {
    static final String ML_100K_URL = "https://files.grouplens.org/datasets/movielens/ml-100k.zip";

    private final LocalOptions options;

    LocalPipeline(LocalOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LocalLogging.install();
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("run-local: " + e.getMessage());
            System.err.println(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LocalOptions.USAGE);
            return;
        }
        int status;
        try {
            status = new LocalPipeline(options).run();
        } catch (IOException | IllegalArgumentException | dev.lambdarec.serve.NoModelException e) {
            System.err.println("run-local: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    int run() throws Exception {
        long started = System.nanoTime();
        Path raw = rawInput();
        try (LocalS3Server s3Server = LocalS3Server.onDisk(options.store());
             S3Client s3 = s3Server.client()) {
            s3Server.createBucket(options.bucket());
            ObjectStore store = new S3ObjectStore(s3, options.bucket());
            String source = upload(store, raw);
            say("object store: %s (S3 endpoint %s), raw data at %s", options.store().toAbsolutePath(), s3Server.endpoint(), source);

            JsonNode prepared = null;
            if (options.stages().contains("prepare")) {
                long stage = System.nanoTime();
                prepared = prepare(store, source);
                stageDone("prepare", stage);
                if (prepared.has("error")) {
                    say("prepare failed: %s", prepared.get("error").asText());
                    return 1;
                }
            }
            List<ModelCard> trained = List.of();
            if (options.stages().contains("train")) {
                if (prepared == null) {
                    say("train needs the prepare stage in the same run (it trains on the dataset prepare returns)");
                    return 2;
                }
                long stage = System.nanoTime();
                Optional<List<ModelCard>> done = train(store, prepared.get("datasetId").asText());
                stageDone("train", stage);
                if (done.isEmpty()) {
                    return 1; // a job failed: as in the state machine, nothing is registered
                }
                trained = done.get();
            }
            RetrainOutcome outcome = new RetrainOutcome(false, null);
            if (options.stages().contains("register")) {
                long stage = System.nanoTime();
                outcome = register(store, trained);
                stageDone("register", stage);
                if (outcome.failure() != null) {
                    say("retraining failed: %s", outcome.failure());
                    return 1;
                }
            }
            if (options.stages().contains("batch")) {
                if (options.retrain() && !outcome.promoted()) {
                    say("");
                    say("batch: nothing was promoted; the current model and the current Redis run stay as they are");
                } else {
                    long stage = System.nanoTime();
                    batch(store);
                    stageDone("batch", stage);
                }
            }
            serve(store);
            say("done in %.1f s", (System.nanoTime() - started) / 1e9);
            return 0;
        }
    }

    private JsonNode prepare(ObjectStore store, String source) throws Exception {
        PrepareHandler handler = new PrepareHandler(
                new PrepareService(store, options.work(), false, Clock.systemUTC()),
                new PrepareRequestParser(PrepareDefaults.STANDARD), store, options.lambdaMaxBytes(), null);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        if (!options.retrain()) {
            request.put("source", source); // --retrain: the plan names everything under raw/, and events/
        }
        request.put("format", options.format())
                .put("split", options.split())
                .put("negatives", options.negatives())
                .put("testNegatives", options.testNegatives());
        if (options.csv() != null) {
            request.set("csv", options.csv());
        }
        if (options.minUser() > 0) {
            request.put("minUserInteractions", options.minUser());
        }
        if (options.minItem() > 0) {
            request.put("minItemInteractions", options.minItem());
        }
        if (options.ratingThreshold() != null) {
            request.put("ratingThreshold", options.ratingThreshold());
        }
        JsonNode plan = null;
        if (options.retrain()) {
            ObjectNode planRequest = JsonNodeFactory.instance.objectNode().put("run", runId);
            planRequest.set("plan", request);
            plan = handler.handle(planRequest);
            if (plan.has("error")) {
                return plan;
            }
            say("prepare plan: %s (%,d bytes of raw input)", plan.get("runOn").asText(), plan.get("inputBytes").asLong());
            request = (ObjectNode) plan.get("request");
        }
        say("prepare request: %s", request);
        long started = System.nanoTime();
        JsonNode response;
        if (plan != null && plan.get("runOn").asText().equals(PreparePlan.PROCESSING)) {
            // as the state machine does: the Processing job, then the function's adopt writes the manifest last
            String job = plan.get("jobName").asText();
            say("prepare: the Processing job %s as a child JVM (logs under %s)", job, options.work().resolve("prepare-jobs").toAbsolutePath());
            new LocalPrepareJob(store, options.work().resolve("prepare-jobs")).run(job);
            response = handler.handle(JsonNodeFactory.instance.objectNode().put("adopt", job));
        } else {
            response = handler.handle(request);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!response.has("error")) {
            JsonNode c = response.get("counts");
            String id = response.get("datasetId").asText();
            say("");
            say("prepare: dataset %s %s in %.2f s", id, response.get("reused").asBoolean() ? "(already there, reused)" : "written", seconds);
            say("  rows read %,d = accepted %,d + rejected %,d + duplicates merged %,d",
                    c.get("rowsRead").asLong(), c.get("accepted").asLong(), c.get("rejected").asLong(), c.get("duplicatesMerged").asLong());
            say("  users %,d, items %,d, interactions %,d (below threshold %,d, under minimums %,d)",
                    c.get("users").asLong(), c.get("items").asLong(), c.get("interactions").asLong(),
                    c.get("belowThreshold").asLong(), c.get("removedByMinimums").asLong());
            say("  train %,d + negatives %,d; test %,d (%,d users) + negatives %,d; cold test rows dropped %,d",
                    c.get("train").asLong(), c.get("trainNegatives").asLong(), c.get("test").asLong(),
                    c.get("testUsers").asLong(), c.get("testNegatives").asLong(), c.get("coldTestRowsDropped").asLong());
            say("  timings (s): %s", response.get("timingsSeconds"));
            say("  location: %s", response.get("location").asText());
            say("  on disk:  %s", options.store().resolve(options.bucket()).resolve("datasets").resolve(id).toAbsolutePath());
        }
        return response;
    }

    /**
     * The retrain plan's jobs (every algorithm, each measuring the current model on the new split) as local training
     * jobs, a child process each, like the train function's plan starts SageMaker jobs. Empty when a job failed.
     */
    private Optional<List<ModelCard>> train(ObjectStore store, String datasetId) throws Exception {
        List<ModelCard> trained = new java.util.ArrayList<>();
        ModelRegistry registry = new ModelRegistry(store, options.work().resolve("registry"));
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("dataset", datasetId).put("run", runId);
        request.putArray("algorithms").addAll(options.algorithms().stream().map(JsonNodeFactory.instance::textNode).toList());
        ObjectNode hyperparameters = request.putObject("hyperparameters");
        options.algorithms().forEach(a -> {
            Map<String, String> values = new java.util.TreeMap<>(DEFAULT_HYPERPARAMETERS.getOrDefault(a, Map.of()));
            values.putAll(options.hyperparameters().getOrDefault(a, Map.of()));
            hyperparameters.set(a, json().valueToTree(values));
        });
        RetrainPlan plan = TrainHandler.plan(store, registry, request);
        say("");
        if (plan.unchanged()) {
            say("train: the current model %s learned from this very dataset: nothing new to train on", plan.champion());
            return Optional.of(trained);
        }
        say("train: %s on %s%s (a child JVM per job, logs under %s)", String.join(", ", options.algorithms()), datasetId,
                plan.champion() == null ? "" : ", each measuring the current model " + plan.champion() + " on the new split",
                options.work().resolve("jobs").toAbsolutePath());
        say("  %-9s %-24s %8s %8s %8s %8s %8s %9s %s", "algo", "model", "P@10", "R@10", "nDCG@10", "MAP", "RMSE", "train s",
                plan.champion() == null ? "" : "champion nDCG@10 here");
        try (LocalLauncher launcher = new LocalLauncher(store, options.work().resolve("jobs"))) {
            for (TrainingJobSpec spec : plan.jobs()) {
                launcher.start(spec);
                JobStatus status = launcher.await(spec.jobName(), JOB_DEADLINE);
                if (!status.status().equals("Completed")) {
                    say("  %-9s not trained: %s", spec.algorithm(), status.failureReason());
                    if (options.retrain()) {
                        return Optional.empty();
                    }
                    continue;
                }
                ModelCard card;
                try (InputStream in = store.open(status.modelArtifacts() + StoreLayout.MODEL_CARD)) {
                    card = dev.lambdarec.model.ModelArtifacts.JSON.readValue(in, ModelCard.class);
                }
                Map<String, Double> m = card.metrics();
                trained.add(card);
                ModelCard.Champion champion = card.champion();
                say("  %-9s %-24s %8.4f %8.4f %8.4f %8.4f %8s %9.2f %s", spec.algorithm(), card.modelId(), m.get("precision@10"),
                        m.get("recall@10"), m.get("ndcg@10"), m.get("map@10"),
                        m.containsKey("rmse") ? String.format("%.4f", m.get("rmse")) : "-", card.timingsSeconds().get("train"),
                        champion == null ? "" : champion.error() != null ? "failed: " + champion.error()
                                : String.format("%.4f", champion.metrics().get("ndcg@10")));
            }
        }
        say("  models under %s (report.html in each)", options.store().resolve(options.bucket()).resolve("models").toAbsolutePath());
        return Optional.of(trained);
    }

    /** This run's name, as a retrain execution's name: in every job's name. */
    private final String runId = "local-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());

    private static ObjectMapper json() {
        return dev.lambdarec.model.ModelArtifacts.JSON;
    }

    /** Each trained model's job-finished event through the register function's code, in training order. */
    private RetrainOutcome register(ObjectStore store, List<ModelCard> trained) throws IOException {
        Path scratch = options.work().resolve("register");
        RegisterHandler handler = new RegisterHandler(new Registrar(store, new ModelRegistry(store, scratch),
                new PromotionGate("ndcg@10", 0.0), scratch, Clock.systemUTC()), name -> java.util.Optional.empty()); // no tuning jobs here
        say("");
        say("register (gate: ndcg@10 on the same split, at least as good as the current model):");
        List<Registrar.Decision> decisions = new java.util.ArrayList<>();
        for (ModelCard card : trained) {
            JsonNode decision = handler.handle(json().readTree("{\"detail-type\":\"Local Training Job State Change\",\"detail\":{"
                    + "\"TrainingJobName\":\"local-" + card.modelId() + "\",\"TrainingJobStatus\":\"Completed\","
                    + "\"ModelPrefix\":\"" + StoreLayout.MODELS + card.modelId() + "/\"}}"));
            say("  %-26s %-9s %s", card.modelId(), decision.path("outcome").asText(), decision.path("reason").asText());
            decisions.add(json().treeToValue(decision, Registrar.Decision.class));
        }
        new ModelRegistry(store, scratch).current().ifPresent(c -> say("  current: %s (%s)", c.modelId(), store.uri(StoreLayout.CURRENT_MODEL)));
        say("  every model and decision: %s", options.store().resolve(options.bucket()).resolve(StoreLayout.INDEX_PAGE).toAbsolutePath());
        return RetrainOutcome.of(decisions);
    }

    /** Runs the shards of one batch run concurrently, against --redis or an embedded Redis kept for the run. */
    private void batch(ObjectStore store) throws Exception {
        LocalRedisServer embedded = options.redis() == null ? LocalRedisServer.start() : null;
        String uri = embedded != null ? embedded.uri() : options.redis();
        Vertx vertx = Vertx.vertx();
        try {
            ModelCache models = new ModelCache(new ModelRegistry(store, options.work().resolve("models")), Duration.ofSeconds(30), Clock.systemUTC());
            BatchRecommender recommender = new BatchRecommender(new RedisRecommendationStore(Redis.createClient(vertx, uri), java.net.URI.create(uri)),
                    dev.lambdarec.recommend.Recommender.unfiltered(), new BatchRecommender.Settings(10, 500, Duration.ofHours(48)), Clock.systemUTC());
            String run = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC)
                    .format(java.time.Instant.now());
            int shards = options.shards();
            say("");
            say("batch: run %s, %d shards, Redis %s", run, shards, uri);
            long started = System.nanoTime();
            java.util.List<java.util.concurrent.Future<BatchRecommender.Result>> results = new java.util.ArrayList<>();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(shards);
            try {
                for (int shard = 0; shard < shards; shard++) {
                    BatchRequest request = new BatchRequest(run, shard, shards);
                    results.add(pool.submit(() -> recommender.run(models.get(), request)));
                }
                long users = 0;
                long items = 0;
                for (var result : results) {
                    users += result.get().users();
                    items += result.get().items();
                }
                say("  %,d user lists and %,d similar-item lists written in %.2f s; rec:current -> %s", users, items,
                        (System.nanoTime() - started) / 1e9, run);
            } finally {
                pool.shutdown();
            }
            say("  read one: redis-cli -u %s GET rec:%s:<userId>   (or GET rec:current for the live run)", uri, run);
            if (embedded != null) {
                say("  (the embedded Redis stops with this command; pass --redis URI to keep the lists)");
            }
        } finally {
            vertx.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * After the stages: --events posted to the events function (into the object store and an embedded Redis, or
     * --redis), then each --predict body to the predict function, which reads those recent events, in order.
     */
    private void serve(ObjectStore store) throws Exception {
        if (options.events() == null && options.predict().isEmpty()) {
            return;
        }
        LocalRedisServer embedded = options.events() != null && options.redis() == null ? LocalRedisServer.start() : null;
        String uri = embedded != null ? embedded.uri() : options.redis();
        Vertx vertx = Vertx.vertx();
        try {
            FreshEvents fresh = FreshEvents.NONE;
            FunctionGateway gateway = new FunctionGateway(PredictLimits.DEFAULT.maxBodyBytes());
            if (options.events() != null) {
                RedisRecentEvents recent = new RedisRecentEvents(Redis.createClient(vertx, uri));
                fresh = new FreshEvents(recent, Integer.parseInt(EventRecorder.DEFAULT_KEEP), 1);
                EventsHandler events = new EventsHandler(new EventRecorder(store, recent, Integer.parseInt(EventRecorder.DEFAULT_KEEP),
                        Duration.ofHours(Integer.parseInt(EventRecorder.DEFAULT_TTL_HOURS))), EventBatch.Limits.DEFAULT, Clock.systemUTC());
                // the file's bytes are the invocation payload, exactly as Lambda hands them over
                JsonNode answer = gateway.serveOrInvoke(LambdaPayload.of(Files.readAllBytes(options.events())), events::route, events::handle);
                say("");
                say("events %s:", options.events());
                say("%s", new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            }
            PredictHandler handler = new PredictHandler(
                    new ModelCache(new ModelRegistry(store, options.work().resolve("models")), Duration.ofSeconds(30), Clock.systemUTC())::get,
                    new Predictor(PredictLimits.DEFAULT, dev.lambdarec.recommend.Recommender.unfiltered(), fresh), "lambdarec");
            for (Path body : options.predict()) {
                JsonNode answer = gateway.serve(LambdaPayload.of(Files.readAllBytes(body)), handler::route);
                say("");
                say("predict %s:", body);
                say("%s", new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            }
        } finally {
            vertx.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** Longest a local training job is waited for (the slowest default, two-stage on ML-100K, takes minutes). */
    static final Duration JOB_DEADLINE = Duration.ofHours(6);

    /** What each algorithm trains with here (tuned on MovieLens 100K; docs/benchmarks.md). */
    static final Map<String, Map<String, String>> DEFAULT_HYPERPARAMETERS = Map.of(
            "ials", Map.of("eval_every", "5"),
            "mf", Map.of("eval_every", "10"));

    /** Uploads the raw input under raw/ and returns the source URI a user would pass. */
    private String upload(ObjectStore store, Path raw) throws IOException {
        String name = raw.getFileName().toString();
        if (Files.isDirectory(raw)) {
            try (Stream<Path> files = Files.walk(raw, 1)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    store.put(StoreLayout.rawUpload(name) + file.getFileName(), file, "application/octet-stream");
                }
            }
            return store.uri(StoreLayout.rawUpload(name));
        }
        store.put(StoreLayout.RAW + name, raw, "application/octet-stream");
        return store.uri(StoreLayout.RAW + name);
    }

    private Path rawInput() throws IOException, InterruptedException {
        if (options.synthetic() != null) {
            SyntheticSpec spec = options.synthetic();
            Path dir = options.work().resolve("synthetic-" + spec.users() + "x" + spec.items() + "x" + spec.interactions() + "-s" + spec.seed());
            if (!Files.exists(dir.resolve("u.data"))) {
                long started = System.nanoTime();
                new SyntheticInteractions(spec).writeMovieLens100k(dir);
                say("synthetic data: %,d users x %,d items, %,d interactions written to %s in %.1f s",
                        spec.users(), spec.items(), spec.interactions(), dir, (System.nanoTime() - started) / 1e9);
            }
            return dir;
        }
        if (options.data() != null) {
            if (!Files.exists(options.data())) {
                throw new IllegalArgumentException("--data " + options.data() + " does not exist");
            }
            return options.data();
        }
        return downloadMovieLens100k();
    }

    private Path downloadMovieLens100k() throws IOException, InterruptedException {
        Path zip = options.work().resolve("downloads/ml-100k.zip");
        if (Files.exists(zip)) {
            return zip;
        }
        Files.createDirectories(zip.getParent());
        say("downloading MovieLens 100K from %s (GroupLens; see its README for the terms of use)", ML_100K_URL);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(ML_100K_URL))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Path partial = zip.resolveSibling("ml-100k.zip.part");
            try (InputStream in = response.body()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, zip, StandardCopyOption.REPLACE_EXISTING);
            return zip;
        } catch (IOException e) {
            throw new IOException("cannot download MovieLens 100K (" + e + "). This machine looks offline: "
                    + "pass --data DIR --format movielens-100k with a local copy, or --synthetic.", e);
        }
    }

    /** One line per stage with its wall time (scripts/bench-scale.sh reads these to split its memory samples). */
    private static void stageDone(String stage, long startedNanos) {
        say("stage %s: %.1f s", stage, (System.nanoTime() - startedNanos) / 1e9);
    }

    static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }

    static List<String> knownStages() {
        return List.of("prepare", "train", "register", "batch");
    }
}
