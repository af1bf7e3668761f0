package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.jobs.TuningJob;
import dev.lambdarec.register.Registrar;
import dev.lambdarec.register.TrainingJobEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The register function: a training job's state change (or a tuning job's, standing for its best training job) in,
 * the decision out (also written next to the model).
 */
public final class RegisterHandler {
    private final Registrar registrar;
    private final TuningJob.Lookup tuningJobs;

    public RegisterHandler(Registrar registrar, TuningJob.Lookup tuningJobs) {
        this.registrar = registrar;
        this.tuningJobs = tuningJobs;
    }

    public JsonNode handle(JsonNode event) {
        try {
            return ModelArtifacts.JSON.valueToTree(registrar.register(TrainingJobEvent.parse(event, tuningJobs)));
        } catch (BadRequestException e) {
            return Answer.errorBody(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("register failed: " + e.getMessage(), e);
        }
    }
}
