package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.prepare.BadRequestException;
import dev.lambdarec.serve.ModelCache;
import dev.lambdarec.serve.NoModelException;
import dev.lambdarec.serve.Predictor;
import java.util.logging.Level;
import java.util.logging.Logger;

/** What the predict function does with a body: the current model answers it; every failure is {"error": ...}. */
public final class PredictHandler {
    private static final Logger LOG = Logger.getLogger(PredictHandler.class.getName());

    private final ModelCache models;
    private final Predictor predictor;

    public PredictHandler(ModelCache models, Predictor predictor) {
        this.models = models;
        this.predictor = predictor;
    }

    public JsonNode handle(JsonNode body) {
        try {
            ServingModel model = models.get();
            return predictor.predict(model, body);
        } catch (BadRequestException | NoModelException e) {
            return error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "predict failed", e);
            return error("internal error (" + e.getClass().getSimpleName() + "); see the function's log");
        }
    }

    static JsonNode error(String message) {
        return JsonNodeFactory.instance.objectNode().put("error", message);
    }
}
