package dev.lambdarec.functions;

import dev.lambdarec.local.LocalRedisServer;
import dev.lambdarec.local.LocalS3Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the real local infrastructure for @QuarkusTest: S3Proxy in this JVM and a Redis server process, each
 * on a free port, and points the functions' configuration at them.
 */
public class LocalInfraResource implements QuarkusTestResourceLifecycleManager {
    /** The bucket the sample events under events/ name. */
    public static final String BUCKET = "lambdarec-example-bucket";

    static LocalS3Server s3;
    static LocalRedisServer redis;

    @Override
    public Map<String, String> start() {
        try {
            s3 = LocalS3Server.inMemory();
            s3.createBucket(BUCKET);
            redis = LocalRedisServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the local infrastructure", e);
        }
        return Map.ofEntries(
                Map.entry("quarkus.s3.endpoint-override", s3.endpoint().toString()),
                Map.entry("quarkus.s3.path-style-access", "true"),
                Map.entry("quarkus.s3.aws.region", LocalS3Server.REGION),
                Map.entry("quarkus.s3.aws.credentials.type", "static"),
                Map.entry("quarkus.s3.aws.credentials.static-provider.access-key-id", LocalS3Server.ACCESS_KEY),
                Map.entry("quarkus.s3.aws.credentials.static-provider.secret-access-key", LocalS3Server.SECRET_KEY),
                Map.entry("quarkus.redis.hosts", redis.uri()),
                Map.entry("lambdarec.bucket", BUCKET),
                Map.entry("lambdarec.work-dir", "target/lambdarec-work"));
    }

    /**
     * Prepares synthetic data in the MovieLens 100K layout, trains a model on it and promotes it, all in the
     * test's object store: the state the serving functions start from.
     */
    public static dev.lambdarec.model.ModelCard trainAndPromote(dev.lambdarec.synth.SyntheticSpec spec,
                                                                Map<String, String> hyperparameters) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("promoted-model");
        new dev.lambdarec.synth.SyntheticInteractions(spec).writeMovieLens100k(dir.resolve("raw"));
        try (var client = s3.client()) {
            var store = new dev.lambdarec.store.s3.S3ObjectStore(client, BUCKET);
            String datasetId = new dev.lambdarec.prepare.PrepareService(store, dir.resolve("work"), true, java.time.Clock.systemUTC())
                    .prepare(new dev.lambdarec.prepare.PrepareRequestParser(dev.lambdarec.prepare.PrepareDefaults.STANDARD)
                            .parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"source\":\"" + dir.resolve("raw")
                                    + "\",\"format\":\"movielens-100k\",\"negatives\":0}"))).datasetId();
            var card = new dev.lambdarec.local.LocalTrainingJob(store, dir.resolve("jobs")).run(datasetId, hyperparameters);
            new dev.lambdarec.model.ModelRegistry(store, dir.resolve("scratch")).promote(card, "ndcg@10", java.time.Clock.systemUTC());
            return card;
        }
    }

    @Override
    public void stop() {
        try {
            if (redis != null) {
                redis.close();
            }
            if (s3 != null) {
                s3.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
