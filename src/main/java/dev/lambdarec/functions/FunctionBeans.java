package dev.lambdarec.functions;

import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import dev.lambdarec.batch.BatchRecommender;
import dev.lambdarec.register.PromotionGate;
import dev.lambdarec.register.Registrar;
import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.redis.RedisRecommendationStore;
import io.vertx.redis.client.Redis;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.time.Clock;
import java.time.Duration;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.recommend.ItemFilter;
import dev.lambdarec.recommend.Recommender;
import dev.lambdarec.serve.ModelCache;
import dev.lambdarec.serve.PredictLimits;
import dev.lambdarec.serve.Predictor;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the core services to the AWS adapters, once per Lambda container. */
@ApplicationScoped
public class FunctionBeans {

    @Produces
    @ApplicationScoped
    ObjectStore objectStore(S3Client s3, LambdarecConfig config) {
        return new S3ObjectStore(s3, config.bucket());
    }

    @Produces
    @ApplicationScoped
    PrepareHandler prepareHandler(ObjectStore store, LambdarecConfig config) {
        PrepareService service = new PrepareService(store, Path.of(config.workDir()),
                config.prepare().allowLocalSources(), Clock.systemUTC()).withArchiveLimits(
                new dev.lambdarec.data.ArchiveLimits(config.prepare().maxExpandedBytes(), config.prepare().maxCompressionRatio()))
                .withMaxRejectedFraction(config.prepare().maxRejectedFraction());
        // a Processing job needs the training image and the SageMaker role; without them, large input is refused by name
        var jobs = config.train().image().isPresent() && config.train().roleArn().isPresent()
                ? new dev.lambdarec.jobs.sagemaker.SageMakerPrepareJobs(sageMakerSettings(config),
                        config.prepare().processingInstanceType(), config.prepare().processingVolumeGb())
                : null;
        return new PrepareHandler(service, new PrepareRequestParser(config.prepare().defaults()), store,
                config.prepare().lambdaMaxBytes(), jobs);
    }

    /** Where SageMaker runs lambdarec's jobs: the image and role are required. */
    private static dev.lambdarec.jobs.sagemaker.SageMakerSettings sageMakerSettings(LambdarecConfig config) {
        LambdarecConfig.Train train = config.train();
        return new dev.lambdarec.jobs.sagemaker.SageMakerSettings(
                train.image().orElseThrow(() -> new IllegalStateException("lambdarec.train.image (LAMBDAREC_TRAIN_IMAGE) is not set")),
                train.roleArn().orElseThrow(() -> new IllegalStateException("lambdarec.train.role-arn (LAMBDAREC_TRAIN_ROLE_ARN) is not set")),
                train.cpuInstanceType(), train.gpuInstanceType(), train.instanceCount(), train.volumeGb(), train.maxRuntimeSeconds(), train.spot(),
                train.spotMaxWaitSeconds(), config.bucket(), train.outputPrefix().orElse("s3://" + config.bucket() + "/training/"),
                java.util.Map.of("project", "lambdarec"));
    }

    @Produces
    @ApplicationScoped
    ModelCache modelCache(ObjectStore store, LambdarecConfig config) {
        return new ModelCache(new ModelRegistry(store, Path.of(config.workDir(), "models")),
                Duration.ofSeconds(config.predict().refreshSeconds()), Clock.systemUTC());
    }

    /** Replaces Quarkus' default mapper, which the Lambda runtime copies to read payloads: see PayloadObjectMapper. */
    @Produces
    @jakarta.inject.Singleton
    com.fasterxml.jackson.databind.ObjectMapper objectMapper() {
        return new PayloadObjectMapper();
    }

    @Produces
    @ApplicationScoped
    FunctionGateway functionGateway(LambdarecConfig config) {
        return new FunctionGateway(config.predict().maxBodyBytes());
    }

    @Produces
    @ApplicationScoped
    PredictHandler predictHandler(ModelCache cache, Redis redis, LambdarecConfig config) {
        LambdarecConfig.Predict predict = config.predict();
        return new PredictHandler(cache::get, new Predictor(new PredictLimits(predict.maxInstances(), predict.maxK(),
                predict.maxListItems(), predict.maxBodyBytes(), predict.maxAnswerBytes()), Recommender.unfiltered(),
                fresh(config.events(), redis, predict.recentEvents())), predict.modelName());
    }

    @Produces
    @ApplicationScoped
    RegisterHandler registerHandler(ObjectStore store, LambdarecConfig config) {
        Path scratch = Path.of(config.workDir(), "register");
        // SageMaker is asked only about a finished tuning job, so the client is built on the first such event
        var client = new Object() { // built once, on first use (an atomic update could build one per racing caller)
            private software.amazon.awssdk.services.sagemaker.SageMakerClient built;

            synchronized software.amazon.awssdk.services.sagemaker.SageMakerClient get() {
                if (built == null) {
                    built = sageMakerClient(config);
                }
                return built;
            }
        };
        return new RegisterHandler(new Registrar(store, new ModelRegistry(store, scratch),
                new PromotionGate(config.register().metric(), config.register().margin()), scratch, Clock.systemUTC()),
                name -> dev.lambdarec.jobs.sagemaker.SageMakerLauncher.describeTuning(client.get(), name));
    }

    private static software.amazon.awssdk.services.sagemaker.SageMakerClient sageMakerClient(LambdarecConfig config) {
        var client = software.amazon.awssdk.services.sagemaker.SageMakerClient.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create());
        config.train().endpoint().ifPresent(client::endpointOverride);
        config.train().region().ifPresent(region -> client.region(software.amazon.awssdk.regions.Region.of(region)));
        return client.build();
    }

    @Produces
    @ApplicationScoped
    TrainHandler trainHandler(ObjectStore store, LambdarecConfig config) {
        return new TrainHandler(store, new dev.lambdarec.jobs.sagemaker.SageMakerLauncher(sageMakerClient(config), sageMakerSettings(config)),
                new ModelRegistry(store, Path.of(config.workDir(), "train")));
    }

    @Produces
    @ApplicationScoped
    RecommendationStore recommendationStore(Redis redis,
                                            @ConfigProperty(name = "quarkus.redis.hosts") java.util.List<java.net.URI> hosts) {
        return new RedisRecommendationStore(redis, hosts.get(0));
    }

    /** The batch run's lists and the read function's fallback obey the same standing filter. */
    private static Recommender batchRecommender(LambdarecConfig.Batch batch) {
        return new Recommender(ItemFilter.standing(batch.genres().orElse(java.util.Set.of()), batch.excludeItems().orElse(java.util.Set.of())));
    }

    @Produces
    @ApplicationScoped
    BatchHandler batchHandler(ModelCache cache, RecommendationStore recommendations, LambdarecConfig config) {
        LambdarecConfig.Batch batch = config.batch();
        return new BatchHandler(cache, new BatchRecommender(recommendations, batchRecommender(batch),
                new BatchRecommender.Settings(batch.k(), batch.batchSize(), Duration.ofHours(batch.ttlHours()), batch.similarItems()), Clock.systemUTC()));
    }

    /** The subjects' recent events on Redis, when a serving function is configured to read them. */
    private static dev.lambdarec.events.FreshEvents fresh(LambdarecConfig.Events events, Redis redis, boolean read) {
        return read ? new dev.lambdarec.events.FreshEvents(new dev.lambdarec.batch.redis.RedisRecentEvents(redis), events.keep(), events.minFoldIn())
                : dev.lambdarec.events.FreshEvents.NONE;
    }

    @Produces
    @ApplicationScoped
    EventsHandler eventsHandler(ObjectStore store, Redis redis, LambdarecConfig config) {
        LambdarecConfig.Events events = config.events();
        return new EventsHandler(new dev.lambdarec.events.EventRecorder(store, new dev.lambdarec.batch.redis.RedisRecentEvents(redis),
                events.keep(), Duration.ofHours(events.ttlHours())),
                new dev.lambdarec.events.EventBatch.Limits(events.maxPerRequest(), events.types()), Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    RecommendationsHandler recommendationsHandler(RecommendationStore recommendations, ModelCache cache, Redis redis, LambdarecConfig config) {
        LambdarecConfig.Events events = config.events();
        return new RecommendationsHandler(recommendations, cache::get, batchRecommender(config.batch()), config.batch().k(),
                fresh(events, redis, events.readRecent()));
    }
}
