package dev.lambdarec.jobs.sagemaker;

import java.util.Map;

/**
 * Where and how SageMaker runs lambdarec's training jobs.
 *
 * @param cpuInstanceType where classic algorithms train; {@code gpuInstanceType}: neural ones (a request may name another)
 * @param outputPrefix s3://bucket/prefix/ under which SageMaker writes each job's model.tar.gz (and checkpoints)
 * @param spotMaxWaitSeconds with spot training, how long to wait for capacity (must exceed maxRuntimeSeconds)
 */
public record SageMakerSettings(String image, String roleArn, String cpuInstanceType, String gpuInstanceType,
                                int instanceCount, int volumeGb,
                                int maxRuntimeSeconds, boolean spot, int spotMaxWaitSeconds, String bucket,
                                String outputPrefix, Map<String, String> tags) {
}
