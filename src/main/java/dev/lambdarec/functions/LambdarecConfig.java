package dev.lambdarec.functions;

import dev.lambdarec.prepare.PrepareDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of every function, from application.properties, overridable by environment (LAMBDAREC_BUCKET, ...). */
@ConfigMapping(prefix = "lambdarec")
public interface LambdarecConfig {

    /** The bucket holding raw/, datasets/ and models/. */
    String bucket();

    /** Scratch space for downloads and files being written (Lambda: /tmp). */
    @WithDefault("/tmp/lambdarec")
    String workDir();

    Prepare prepare();

    Predict predict();

    Batch batch();

    Register register();

    Train train();

    interface Train {
        /** The training image (ECR URI); required by the train function. */
        java.util.Optional<String> image();

        /** The SageMaker execution role; required by the train function. */
        java.util.Optional<String> roleArn();

        /** Where classic algorithms train (popular, EASE, iALS, MF, FM): the trainer uses every core it is given. */
        @WithDefault("ml.c5.2xlarge")
        String cpuInstanceType();

        /** Where neural algorithms (DJL on PyTorch) train, and a two-stage with a neural stage. */
        @WithDefault("ml.g5.xlarge")
        String gpuInstanceType();

        @WithDefault("1")
        int instanceCount();

        @WithDefault("30")
        int volumeGb();

        @WithDefault("86400")
        int maxRuntimeSeconds();

        /** Managed spot training, with checkpoints under the job's output prefix. */
        @WithDefault("false")
        boolean spot();

        @WithDefault("172800")
        int spotMaxWaitSeconds();

        /** Where SageMaker writes model.tar.gz (default: s3://<bucket>/training/). */
        java.util.Optional<String> outputPrefix();

        /** A SageMaker endpoint other than AWS's (tests). */
        java.util.Optional<java.net.URI> endpoint();

        /** The region of SageMaker (default: the Lambda's, AWS_REGION). */
        java.util.Optional<String> region();
    }

    interface Register {
        /** The metric a new model must match or beat (rmse and mae: lower is better). */
        @WithDefault("ndcg@10")
        String metric();

        /** By how much it must beat the current model (0: at least as good). */
        @WithDefault("0")
        double margin();
    }

    interface Batch {
        /** Items per user list. */
        @WithDefault("10")
        int k();

        /** Lists per pipelined Redis batch. */
        @WithDefault("500")
        int batchSize();

        /** How long a run's lists live (the previous run stays readable until then). */
        @WithDefault("48")
        int ttlHours();

        /** Also write every item's similar items (sim:<run>:<item>) beside the user lists. */
        @WithDefault("true")
        boolean similarItems();

        /** Only items of these genres are recommended (empty: all). */
        java.util.Optional<java.util.Set<String>> genres();

        /** Item ids never recommended (e.g. withdrawn items). */
        java.util.Optional<java.util.Set<String>> excludeItems();
    }

    Events events();

    interface Events {
        /** Events one request may carry. */
        @WithDefault(dev.lambdarec.events.EventBatch.DEFAULT_MAX_PER_REQUEST)
        int maxPerRequest();

        /** Newest events kept in a subject's recent list (ev:user:<id>, ev:session:<id>). */
        @WithDefault(dev.lambdarec.events.EventRecorder.DEFAULT_KEEP)
        int keep();

        /** How long a subject's recent list lives after its last event. */
        @WithDefault(dev.lambdarec.events.EventRecorder.DEFAULT_TTL_HOURS)
        int ttlHours();

        /** Fresh events that make the recommendations function fold a user in instead of reading the nightly list. */
        @WithDefault("1")
        int minFoldIn();

        /** Whether the recommendations function reads the subjects' recent events at all. */
        @WithDefault("true")
        boolean readRecent();

        /** Event types accepted. */
        @WithDefault(dev.lambdarec.events.EventBatch.DEFAULT_TYPES)
        java.util.Set<String> types();
    }

    interface Predict {
        /**
         * Read the subjects' recent events from Redis for top-K (fold-in from them); off unless predict runs where
         * Redis is (template.yaml puts it outside the VPC).
         */
        @WithDefault("false")
        boolean recentEvents();

        /** How often (seconds) a container looks at models/current.json for a newly promoted model. */
        @WithDefault("30")
        int refreshSeconds();

        @WithDefault("1000")
        int maxInstances();

        @WithDefault("1000")
        int maxK();

        @WithDefault("10000")
        int maxListItems();

        /** Largest request body accepted, in bytes as sent (Lambda's own cap for synchronous calls is 6 MB). */
        @WithDefault("1048576")
        long maxBodyBytes();

        /** Largest answer, as JSON: every accepted request's answer fits Lambda's 6 MB synchronous response. */
        @WithDefault("5000000")
        long maxAnswerBytes();

        /** The model name of TF Serving's REST paths, /v1/models/<name>:predict. */
        @WithDefault("lambdarec")
        String modelName();
    }

    interface Prepare {
        @WithDefault("stratified-item:0.75:42")
        String split();

        @WithDefault("4")
        int negatives();

        @WithDefault("0")
        int testNegatives();

        @WithDefault("42")
        long seed();

        @WithDefault("drop")
        String coldStart();

        /** Largest share of rows that may be rejected; above it prepare stops with an error (the rejects kept). */
        @WithDefault("0.5")
        double maxRejectedFraction();

        /** Most bytes compressed input (a .zip member, a .gz file) may expand to. */
        @WithDefault("17179869184")
        long maxExpandedBytes();

        /** Most times compressed input may expand its stored size (past its first 64 MiB). */
        @WithDefault("100")
        double maxCompressionRatio();

        /** Raw input above which a retraining prepares in a SageMaker Processing job instead of this Lambda (2 GiB). */
        @WithDefault(dev.lambdarec.prepare.PreparePlan.DEFAULT_LAMBDA_MAX_BYTES)
        long lambdaMaxBytes();

        /** Where a Processing job prepares input above lambda-max-bytes (the whole dataset is held in memory). */
        @WithDefault("ml.m5.4xlarge")
        String processingInstanceType();

        /** Its disk at least (GB); four times the input is asked for when that is more. */
        @WithDefault("100")
        int processingVolumeGb();

        /** Local paths as sources: for the local pipeline only; a deployed function reads S3 alone. */
        @WithDefault("false")
        boolean allowLocalSources();

        default PrepareDefaults defaults() {
            return new PrepareDefaults(split(), negatives(), testNegatives(), seed(), coldStart());
        }
    }
}
