package dev.lambdarec.jobs.sagemaker;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.jobs.TrainingLauncher;
import java.util.Optional;
import dev.lambdarec.jobs.SearchRange;
import dev.lambdarec.jobs.TuningJob;
import dev.lambdarec.jobs.TuningJobSpec;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sagemaker.model.CategoricalParameterRange;
import software.amazon.awssdk.services.sagemaker.model.ContinuousParameterRange;
import software.amazon.awssdk.services.sagemaker.model.CreateHyperParameterTuningJobRequest;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterAlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterScalingType;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTrainingJobDefinition;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTrainingJobSummary;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobConfig;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobObjective;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobObjectiveType;
import software.amazon.awssdk.services.sagemaker.model.HyperParameterTuningJobStrategyType;
import software.amazon.awssdk.services.sagemaker.model.IntegerParameterRange;
import software.amazon.awssdk.services.sagemaker.model.MetricDefinition;
import software.amazon.awssdk.services.sagemaker.model.ParameterRanges;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimits;
import software.amazon.awssdk.services.sagemaker.model.TrainingJobEarlyStoppingType;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CheckpointConfig;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DataSource;
import software.amazon.awssdk.services.sagemaker.model.OutputDataConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.S3DataDistribution;
import software.amazon.awssdk.services.sagemaker.model.S3DataSource;
import software.amazon.awssdk.services.sagemaker.model.S3DataType;
import software.amazon.awssdk.services.sagemaker.model.StoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrainingInputMode;

/**
 * Training jobs on SageMaker: CreateTrainingJob with our image on a GPU instance, the dataset prefix as the
 * {@code train} channel, {@code outputPrefix} as the output path, the hyperparameters as SageMaker's string
 * map, a runtime limit, optional managed spot training with checkpoints, and tags; DescribeTrainingJob for status.
 * Tuning jobs (CreateHyperParameterTuningJob) run training jobs of exactly that shape, one per trial.
 */
public final class SageMakerLauncher implements TrainingLauncher {
    private final SageMakerClient sageMaker;
    private final SageMakerSettings settings;

    public SageMakerLauncher(SageMakerClient sageMaker, SageMakerSettings settings) {
        this.sageMaker = sageMaker;
        this.settings = settings;
    }

    @Override
    public JobStatus start(TrainingJobSpec spec) {
        Optional<JobStatus> existing = status(spec.jobName());
        if (existing.isPresent()) {
            return existing.get();
        }
        sageMaker.createTrainingJob(createRequest(spec));
        return status(spec.jobName()).orElse(new JobStatus(spec.jobName(), "InProgress", "Starting", null, null));
    }

    @Override
    public com.fasterxml.jackson.databind.JsonNode request(TrainingJobSpec spec) {
        return WireJson.of(createRequest(spec));
    }

    public CreateTrainingJobRequest createRequest(TrainingJobSpec spec) {
        CreateTrainingJobRequest.Builder request = CreateTrainingJobRequest.builder()
                .trainingJobName(spec.jobName())
                .algorithmSpecification(AlgorithmSpecification.builder()
                        .trainingImage(settings.image()).trainingInputMode(TrainingInputMode.FILE).build())
                .roleArn(settings.roleArn())
                .hyperParameters(spec.trainerHyperparameters())
                .inputDataConfig(channels(spec))
                .outputDataConfig(OutputDataConfig.builder().s3OutputPath(outputPath()).build())
                .resourceConfig(resources(spec))
                .tags(tags())
                .stoppingCondition(stopping());
        if (settings.spot()) {
            request.enableManagedSpotTraining(true).checkpointConfig(checkpoints(spec.jobName()));
        }
        return request.build();
    }

    @Override
    public TuningJob startTuning(TuningJobSpec spec) {
        Optional<TuningJob> existing = tuningStatus(spec.name());
        if (existing.isPresent()) {
            return existing.get();
        }
        sageMaker.createHyperParameterTuningJob(createTuningRequest(spec));
        return tuningStatus(spec.name()).orElse(new TuningJob(spec.name(), "InProgress", null, null, null, null));
    }

    /**
     * CreateHyperParameterTuningJob: Bayesian search maximising the validation nDCG@10 each training job logs
     * (a metric definition over the trainer's log line), over the algorithm's declared ranges with their scaling,
     * seeded from the job's seed; every training job is the one {@link #createRequest} would start, with
     * {@code tune=trial} among its static hyperparameters.
     */
    public CreateHyperParameterTuningJobRequest createTuningRequest(TuningJobSpec spec) {
        TrainingJobSpec job = spec.job();
        HyperParameterTrainingJobDefinition.Builder definition = HyperParameterTrainingJobDefinition.builder()
                .staticHyperParameters(spec.staticHyperparameters())
                .algorithmSpecification(HyperParameterAlgorithmSpecification.builder()
                        .trainingImage(settings.image()).trainingInputMode(TrainingInputMode.FILE)
                        .metricDefinitions(MetricDefinition.builder().name(TuningJobSpec.OBJECTIVE).regex(TuningJobSpec.OBJECTIVE_REGEX).build())
                        .build())
                .roleArn(settings.roleArn())
                .inputDataConfig(channels(job))
                .outputDataConfig(OutputDataConfig.builder().s3OutputPath(outputPath()).build())
                .resourceConfig(resources(job))
                .stoppingCondition(stopping());
        if (settings.spot()) {
            definition.enableManagedSpotTraining(true).checkpointConfig(checkpoints(spec.name()));
        }
        return CreateHyperParameterTuningJobRequest.builder()
                .hyperParameterTuningJobName(spec.name())
                .hyperParameterTuningJobConfig(HyperParameterTuningJobConfig.builder()
                        .strategy(HyperParameterTuningJobStrategyType.BAYESIAN)
                        .hyperParameterTuningJobObjective(HyperParameterTuningJobObjective.builder()
                                .type(HyperParameterTuningJobObjectiveType.MAXIMIZE).metricName(TuningJobSpec.OBJECTIVE).build())
                        .resourceLimits(ResourceLimits.builder().maxNumberOfTrainingJobs(spec.maxJobs())
                                .maxParallelTrainingJobs(spec.parallelJobs()).build())
                        .parameterRanges(ranges(spec.ranges()))
                        .trainingJobEarlyStoppingType(TrainingJobEarlyStoppingType.OFF)
                        .randomSeed(spec.randomSeed())
                        .build())
                .trainingJobDefinition(definition.build())
                .tags(tags())
                .build();
    }

    /** The declared search space in SageMaker's terms: log-scaled intervals as ScalingType Logarithmic. */
    private static ParameterRanges ranges(List<SearchRange> space) {
        List<ContinuousParameterRange> continuous = new ArrayList<>();
        List<IntegerParameterRange> integer = new ArrayList<>();
        List<CategoricalParameterRange> categorical = new ArrayList<>();
        for (SearchRange range : space) {
            HyperParameterScalingType scaling = range.logarithmic() ? HyperParameterScalingType.LOGARITHMIC : HyperParameterScalingType.LINEAR;
            switch (range.kind()) {
                case CONTINUOUS -> continuous.add(ContinuousParameterRange.builder().name(range.name())
                        .minValue(number(range.min())).maxValue(number(range.max())).scalingType(scaling).build());
                case INTEGER -> integer.add(IntegerParameterRange.builder().name(range.name())
                        .minValue(Long.toString((long) range.min())).maxValue(Long.toString((long) range.max())).scalingType(scaling).build());
                case CATEGORICAL -> categorical.add(CategoricalParameterRange.builder().name(range.name()).values(range.values()).build());
            }
        }
        ParameterRanges.Builder ranges = ParameterRanges.builder();
        if (!continuous.isEmpty()) {
            ranges.continuousParameterRanges(continuous);
        }
        if (!integer.isEmpty()) {
            ranges.integerParameterRanges(integer);
        }
        if (!categorical.isEmpty()) {
            ranges.categoricalParameterRanges(categorical);
        }
        return ranges.build();
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private String outputPath() {
        return settings.outputPrefix().endsWith("/") ? settings.outputPrefix() : settings.outputPrefix() + "/";
    }

    private ResourceConfig resources(TrainingJobSpec spec) {
        return ResourceConfig.builder().instanceType(spec.instanceType(settings.cpuInstanceType(), settings.gpuInstanceType()))
                .instanceCount(settings.instanceCount()).volumeSizeInGB(settings.volumeGb()).build();
    }

    /** A runtime limit; with spot training, also how long to wait for capacity. */
    private StoppingCondition stopping() {
        StoppingCondition.Builder stopping = StoppingCondition.builder().maxRuntimeInSeconds(settings.maxRuntimeSeconds());
        if (settings.spot()) {
            stopping.maxWaitTimeInSeconds(settings.spotMaxWaitSeconds());
        }
        return stopping.build();
    }

    private CheckpointConfig checkpoints(String name) {
        return CheckpointConfig.builder().s3Uri(outputPath() + name + "/checkpoints/").build();
    }

    private List<Tag> tags() {
        return settings.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    /** The dataset as {@code train}; the current model, when there is one, as {@code champion} (measured on the new split). */
    private List<Channel> channels(TrainingJobSpec spec) {
        List<Channel> channels = new ArrayList<>();
        channels.add(channel(StoreLayout.TRAINING_CHANNEL, StoreLayout.dataset(spec.datasetId())));
        if (spec.champion() != null) {
            channels.add(channel(StoreLayout.CHAMPION_CHANNEL, StoreLayout.model(spec.champion())));
        }
        return channels;
    }

    private Channel channel(String name, String prefix) {
        return Channel.builder().channelName(name)
                .dataSource(DataSource.builder().s3DataSource(S3DataSource.builder()
                        .s3DataType(S3DataType.S3_PREFIX)
                        .s3Uri("s3://" + settings.bucket() + "/" + prefix)
                        .s3DataDistributionType(S3DataDistribution.FULLY_REPLICATED).build()).build())
                .build();
    }

    /**
     * DescribeHyperParameterTuningJob: its state and best training job so far, whose model SageMaker wrote to
     * {@code <S3OutputPath><training job>/output/model.tar.gz}.
     */
    @Override
    public Optional<TuningJob> tuningStatus(String name) {
        return describeTuning(sageMaker, name);
    }

    /** As {@link #tuningStatus}, for a caller that starts nothing (register needs only the client). */
    public static Optional<TuningJob> describeTuning(SageMakerClient sageMaker, String name) {
        return found(() -> sageMaker.describeHyperParameterTuningJob(r -> r.hyperParameterTuningJobName(name))).map(job -> {
            HyperParameterTrainingJobSummary best = job.bestTrainingJob();
            if (best == null) {
                return new TuningJob(name, job.hyperParameterTuningJobStatusAsString(), job.failureReason(), null, null, null);
            }
            String output = job.trainingJobDefinition().outputDataConfig().s3OutputPath();
            Double objective = best.finalHyperParameterTuningJobObjectiveMetric() == null ? null
                    : best.finalHyperParameterTuningJobObjectiveMetric().value().doubleValue();
            return new TuningJob(name, job.hyperParameterTuningJobStatusAsString(), job.failureReason(), best.trainingJobName(),
                    objective, (output.endsWith("/") ? output : output + "/") + best.trainingJobName() + "/output/model.tar.gz");
        });
    }

    @Override
    public Optional<JobStatus> status(String jobName) {
        return found(() -> sageMaker.describeTrainingJob(r -> r.trainingJobName(jobName))).map(job -> new JobStatus(jobName,
                job.trainingJobStatusAsString(), job.secondaryStatusAsString(), job.failureReason(),
                job.modelArtifacts() == null ? null : job.modelArtifacts().s3ModelArtifacts()));
    }

    /** A Describe call's answer, or empty when SageMaker knows no such name. */
    private static <T> Optional<T> found(java.util.function.Supplier<T> describe) {
        try {
            return Optional.of(describe.get());
        } catch (SageMakerException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** An unknown name: ResourceNotFound, or for DescribeTrainingJob a ValidationException saying so. */
    private static boolean notFound(SageMakerException e) {
        return e instanceof ResourceNotFoundException || (e.getMessage() != null && e.getMessage().contains("Requested resource not found"));
    }
}
