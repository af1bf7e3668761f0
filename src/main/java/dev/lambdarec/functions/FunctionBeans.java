package dev.lambdarec.functions;

import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.lambdarec.model.ModelRegistry;
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
                config.prepare().allowLocalSources(), Clock.systemUTC());
        return new PrepareHandler(service, new PrepareRequestParser(config.prepare().defaults()));
    }

    @Produces
    @ApplicationScoped
    PredictHandler predictHandler(ObjectStore store, LambdarecConfig config) {
        LambdarecConfig.Predict predict = config.predict();
        ModelCache cache = new ModelCache(new ModelRegistry(store, Path.of(config.workDir(), "models")),
                Duration.ofSeconds(predict.refreshSeconds()), Clock.systemUTC());
        return new PredictHandler(cache, new Predictor(new PredictLimits(predict.maxInstances(), predict.maxK(), predict.maxListItems())));
    }
}
