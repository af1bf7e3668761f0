package dev.lambdarec.jobs.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.prepare.PrepareJob;
import dev.lambdarec.prepare.PreparePlan;
import dev.lambdarec.store.StoreLayout;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sagemaker.model.AppSpecification;
import software.amazon.awssdk.services.sagemaker.model.CreateProcessingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.ProcessingClusterConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutputConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingResources;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3Input;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3Output;
import software.amazon.awssdk.services.sagemaker.model.ProcessingStoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * prepare as a SageMaker Processing job ({@link PrepareJob}): CreateProcessingJob with the training image and the
 * prepare entry point, each prefix the request reads as a File-mode input, the request as another, datasets/ and
 * the job's staging prefix as outputs; a disk of at least {@code minVolumeGb}, and four times the input.
 */
public final class SageMakerPrepareJobs implements PreparePlan.ProcessingJobs {
    private final SageMakerSettings settings;
    private final String instanceType;
    private final int minVolumeGb;

    public SageMakerPrepareJobs(SageMakerSettings settings, String instanceType, int minVolumeGb) {
        this.settings = settings;
        this.instanceType = instanceType;
        this.minVolumeGb = minVolumeGb;
    }

    @Override
    public JsonNode request(String jobName, String bucket, List<String> mounts, long inputBytes) {
        return WireJson.of(createRequest(jobName, bucket, mounts, inputBytes));
    }

    public CreateProcessingJobRequest createRequest(String jobName, String bucket, List<String> mounts, long inputBytes) {
        String root = PrepareJob.ROOT + "/";
        List<ProcessingInput> inputs = new ArrayList<>();
        for (int n = 0; n < mounts.size(); n++) {
            String prefix = mounts.get(n);
            inputs.add(input("store-" + n, "s3://" + bucket + "/" + prefix, root + PrepareJob.INPUT_STORE + "/" + prefix.replaceAll("/$", "")));
        }
        inputs.add(input("request", "s3://" + bucket + "/" + StoreLayout.prepareJob(jobName) + PrepareJob.REQUEST,
                root + PrepareJob.REQUEST_DIR));
        long gib = 1L << 30;
        int volume = (int) Math.max(minVolumeGb, (4 * inputBytes + gib - 1) / gib + 20); // input, expansion, output
        return CreateProcessingJobRequest.builder()
                .processingJobName(jobName)
                .roleArn(settings.roleArn())
                .appSpecification(AppSpecification.builder().imageUri(settings.image())
                        .containerEntrypoint("java", "-cp", "classes:lib/*", PrepareJob.MAIN)
                        .containerArguments("--root", PrepareJob.ROOT).build())
                .processingInputs(inputs)
                .processingOutputConfig(ProcessingOutputConfig.builder().outputs(
                        output("datasets", root + PrepareJob.OUTPUT_STORE + "/" + StoreLayout.DATASETS.replaceAll("/$", ""),
                                "s3://" + bucket + "/" + StoreLayout.DATASETS),
                        output("staged", root + PrepareJob.STAGED, "s3://" + bucket + "/" + StoreLayout.prepareJob(jobName))).build())
                .processingResources(ProcessingResources.builder().clusterConfig(ProcessingClusterConfig.builder()
                        .instanceCount(1).instanceType(instanceType).volumeSizeInGB(volume).build()).build())
                .stoppingCondition(ProcessingStoppingCondition.builder().maxRuntimeInSeconds(settings.maxRuntimeSeconds()).build())
                .tags(settings.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList())
                .build();
    }

    private static ProcessingInput input(String name, String uri, String localPath) {
        return ProcessingInput.builder().inputName(name).s3Input(ProcessingS3Input.builder().s3Uri(uri).localPath(localPath)
                .s3DataType("S3Prefix").s3InputMode("File").build()).build();
    }

    private static ProcessingOutput output(String name, String localPath, String uri) {
        return ProcessingOutput.builder().outputName(name).s3Output(ProcessingS3Output.builder().localPath(localPath).s3Uri(uri)
                .s3UploadMode("EndOfJob").build()).build();
    }
}
