package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.RecommendationStoreException;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.TopK;
import dev.lambdarec.serve.ModelCache;
import dev.lambdarec.serve.NoModelException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * The read function: {"user":"196"} -> that user's list from the run rec:current names; a user without one
 * gets the model's popular list flagged {"fallback":"popular"}. Errors name the field.
 */
public final class RecommendationsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecommendationStore store;
    private final ModelCache models;
    private final int fallbackK;

    public RecommendationsHandler(RecommendationStore store, ModelCache models, int fallbackK) {
        this.store = store;
        this.models = models;
        this.fallbackK = fallbackK;
    }

    public JsonNode handle(JsonNode body) {
        if (body == null || !body.isObject()) {
            return PredictHandler.error("body must be a JSON object like {\"user\":\"196\"}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("user")) {
                return PredictHandler.error("unknown field '" + field + "' (expected \"user\")");
            }
        }
        JsonNode user = body.get("user");
        if (user == null || !(user.isTextual() && !user.asText().isEmpty() || user.isIntegralNumber())) {
            return PredictHandler.error("user must be a non-empty string or a whole number, was " + user);
        }
        String userId = user.asText();
        try {
            Optional<String> run = store.currentRun();
            Optional<String> list = run.flatMap(r -> store.read(r, userId));
            if (list.isPresent()) {
                ObjectNode out = (ObjectNode) JSON.readTree(list.get());
                out.put("run", run.get());
                return out;
            }
            return popular(userId, run.orElse(null));
        } catch (RecommendationStoreException | IOException e) {
            return PredictHandler.error("recommendations are unavailable: " + e.getMessage());
        } catch (NoModelException e) {
            return PredictHandler.error(e.getMessage());
        }
    }

    private JsonNode popular(String userId, String run) {
        ServingModel model = models.get();
        float[] popularity = model.popularity();
        ObjectNode out = JSON.createObjectNode().put("user", userId);
        var items = out.putArray("items");
        for (int item : TopK.select(popularity, fallbackK)) {
            items.addObject().put("item", model.itemId(item)).put("score", popularity[item]);
        }
        out.put("model", model.modelId()).put("fallback", "popular");
        if (run != null) {
            out.put("run", run);
        }
        return out;
    }
}
