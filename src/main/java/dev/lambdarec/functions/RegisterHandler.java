package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.common.BadRequestException;
import dev.lambdarec.register.Registrar;
import dev.lambdarec.register.TrainingJobEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The register function: a training job's state change in, the decision out (also written next to the model). */
public final class RegisterHandler {
    private final Registrar registrar;

    public RegisterHandler(Registrar registrar) {
        this.registrar = registrar;
    }

    public JsonNode handle(JsonNode event) {
        try {
            return ModelArtifacts.JSON.valueToTree(registrar.register(TrainingJobEvent.parse(event)));
        } catch (BadRequestException e) {
            return Answer.errorBody(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("register failed: " + e.getMessage(), e);
        }
    }
}
