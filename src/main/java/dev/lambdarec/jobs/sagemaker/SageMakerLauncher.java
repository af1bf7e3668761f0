package dev.lambdarec.jobs.sagemaker;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.TrainingJobSpec;
import dev.lambdarec.jobs.TrainingLauncher;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AlgorithmSpecification;
import software.amazon.awssdk.services.sagemaker.model.Channel;
import software.amazon.awssdk.services.sagemaker.model.CheckpointConfig;
import software.amazon.awssdk.services.sagemaker.model.CreateTrainingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.DataSource;
import software.amazon.awssdk.services.sagemaker.model.DescribeTrainingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.OutputDataConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
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
        String output = settings.outputPrefix().endsWith("/") ? settings.outputPrefix() : settings.outputPrefix() + "/";
        CreateTrainingJobRequest.Builder request = CreateTrainingJobRequest.builder()
                .trainingJobName(spec.jobName())
                .algorithmSpecification(AlgorithmSpecification.builder()
                        .trainingImage(settings.image()).trainingInputMode(TrainingInputMode.FILE).build())
                .roleArn(settings.roleArn())
                .hyperParameters(spec.trainerHyperparameters())
                .inputDataConfig(channels(spec))
                .outputDataConfig(OutputDataConfig.builder().s3OutputPath(output).build())
                .resourceConfig(ResourceConfig.builder().instanceType(spec.instanceType(settings.cpuInstanceType(), settings.gpuInstanceType()))
                        .instanceCount(settings.instanceCount()).volumeSizeInGB(settings.volumeGb()).build())
                .tags(settings.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
        StoppingCondition.Builder stopping = StoppingCondition.builder().maxRuntimeInSeconds(settings.maxRuntimeSeconds());
        if (settings.spot()) {
            stopping.maxWaitTimeInSeconds(settings.spotMaxWaitSeconds());
            request.enableManagedSpotTraining(true)
                    .checkpointConfig(CheckpointConfig.builder().s3Uri(output + spec.jobName() + "/checkpoints/").build());
        }
        return request.stoppingCondition(stopping.build()).build();
    }

    /** The dataset as {@code train}; the current model, when there is one, as {@code champion} (measured on the new split). */
    private java.util.List<Channel> channels(TrainingJobSpec spec) {
        java.util.List<Channel> channels = new java.util.ArrayList<>();
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

    @Override
    public Optional<JobStatus> status(String jobName) {
        DescribeTrainingJobResponse job;
        try {
            job = sageMaker.describeTrainingJob(r -> r.trainingJobName(jobName));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        } catch (software.amazon.awssdk.services.sagemaker.model.SageMakerException e) {
            if (e.getMessage() != null && e.getMessage().contains("Requested resource not found")) {
                return Optional.empty(); // how SageMaker answers DescribeTrainingJob for an unknown name
            }
            throw e;
        }
        return Optional.of(new JobStatus(jobName, job.trainingJobStatusAsString(), job.secondaryStatusAsString(),
                job.failureReason(), job.modelArtifacts() == null ? null : job.modelArtifacts().s3ModelArtifacts()));
    }
}
