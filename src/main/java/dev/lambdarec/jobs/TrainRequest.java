package dev.lambdarec.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.common.StrictJson;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A train request, {@code {"dataset":"<datasetId>","algorithm":"ease","hyperparameters":{"lambda":"500"}}} (and
 * optionally {@code "instanceType"}, else the algorithm family's default), checked
 * before any job starts: the algorithm is known and its hyperparameters are checked against the declarations the
 * trainer reads them through ({@link AlgorithmSchemas}), so a typo or an out-of-range value is refused here, naming
 * it, without training anything in the Lambda.
 */
public final class TrainRequest {
    /** A train request's fields; {@code tune} makes it a tuning job ({@link TuningJobSpec}, which reads the rest here). */
    private static final Set<String> FIELDS = Set.of("dataset", "algorithm", "hyperparameters", "instanceType", "tune");

    private TrainRequest() {
    }

    public static TrainingJobSpec parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("request must be a JSON object like {\"dataset\":\"...\",\"algorithm\":\"ease\"}");
        }
        StrictJson.requireKnownFields(body, FIELDS, "");
        String dataset = body.path("dataset").asText("");
        if (!body.path("dataset").isTextual() || !dataset.matches("[a-z0-9][a-z0-9-]{0,80}")) {
            throw new BadRequestException("dataset must be a dataset id such as ml-100k-0b4d8360581b, was " + body.get("dataset"));
        }
        String algorithm = body.path("algorithm").asText("");
        if (!AlgorithmSchemas.names().contains(algorithm)) {
            throw new BadRequestException("algorithm must be one of " + AlgorithmSchemas.names() + ", was " + body.get("algorithm"));
        }
        Map<String, String> hyperparameters = new TreeMap<>();
        JsonNode hp = body.get("hyperparameters");
        if (hp != null && !hp.isNull()) {
            if (!hp.isObject()) {
                throw new BadRequestException("hyperparameters must be an object of names to values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = hp.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    throw new BadRequestException("hyperparameters." + entry.getKey() + " must be a string, number or boolean");
                }
                if (entry.getKey().equals("algorithm")) {
                    throw new BadRequestException("hyperparameters.algorithm: give the algorithm at the top level");
                }
                hyperparameters.put(entry.getKey(), entry.getValue().asText());
            }
        }
        try {
            AlgorithmSchemas.validate(algorithm, hyperparameters);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("hyperparameters: " + e.getMessage());
        }
        String instanceType = null;
        if (body.has("instanceType")) {
            instanceType = body.get("instanceType").asText("");
            if (!body.get("instanceType").isTextual() || !instanceType.matches("ml\\.[a-z0-9]+\\.[a-z0-9]+")) {
                throw new BadRequestException("instanceType must be a SageMaker training instance type such as ml.c5.2xlarge or"
                        + " ml.g5.xlarge, was " + body.get("instanceType"));
            }
        }
        return new TrainingJobSpec(dataset, algorithm, hyperparameters, instanceType, null, null);
    }
}
