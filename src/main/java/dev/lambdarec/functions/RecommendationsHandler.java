package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.RecommendationStoreException;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.Similarity;
import dev.lambdarec.recommend.ItemFilter;
import dev.lambdarec.recommend.Recommender;
import dev.lambdarec.common.StrictJson;
import dev.lambdarec.common.BadRequestException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The read function: {"user":"196"} -> that user's list from the run rec:current names; a user without one
 * gets the model's popular list flagged {"fallback":"popular"}, under the batch run's filters and without what the
 * model knows they have seen. {"item":"50"} -> that item's similar items from the same run. Errors name the field.
 */
public final class RecommendationsHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecommendationStore store;
    private final Supplier<ServingModel> models;
    private final Recommender recommender;
    private final int fallbackK;

    /** @param recommender the batch run's, so a fallback list obeys the run's genres and excluded items */
    public RecommendationsHandler(RecommendationStore store, Supplier<ServingModel> models, Recommender recommender, int fallbackK) {
        this.store = store;
        this.models = models;
        this.recommender = recommender;
        this.fallbackK = fallbackK;
    }

    /** {@code POST /} with {"user":"196"} or {"item":"50"} (a direct invoke is that), or {@code GET /?user=196} / {@code ?item=50}. */
    public Answer route(HttpCall call) {
        if (!call.path().isEmpty() && !call.path().equals("/")) {
            return Answer.error(Answer.NOT_FOUND, "no such path '" + StrictJson.abbreviate(call.path()) + "'; POST / or GET /?user=<id> or /?item=<id>");
        }
        if (call.is("GET")) {
            if (call.query().size() == 1 && call.query().containsKey("user")) {
                return Answer.ok(recommend(call.query().get("user")));
            }
            if (call.query().size() == 1 && call.query().containsKey("item")) {
                return Answer.ok(similar(call.query().get("item")));
            }
            return Answer.badRequest("GET takes exactly one query parameter, user or item (e.g. /?user=196, /?item=50)");
        }
        if (!call.is("POST")) {
            return Answer.error(Answer.METHOD_NOT_ALLOWED, "method " + StrictJson.abbreviate(call.method()) + " is not allowed; use POST or GET");
        }
        return Answer.ok(handle(call.json()));
    }

    public JsonNode handle(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body must be a JSON object like {\"user\":\"196\"} or {\"item\":\"50\"}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("user") && !field.equals("item")) {
                throw new BadRequestException("unknown field '" + StrictJson.abbreviate(field) + "' (expected \"user\" or \"item\")");
            }
        }
        if (body.has("user") == body.has("item")) {
            throw new BadRequestException("give exactly one of user (their recommendations) and item (its similar items)");
        }
        String field = body.has("user") ? "user" : "item";
        JsonNode id = body.get(field);
        if (!(id.isTextual() && !id.asText().isEmpty() || id.isIntegralNumber())) {
            throw new BadRequestException(field + " must be a non-empty string or a whole number, was " + StrictJson.abbreviate(id.toString()));
        }
        return field.equals("user") ? recommend(id.asText()) : similar(id.asText());
    }

    private JsonNode recommend(String userId) {
        checkLength("user", userId);
        Optional<String> run = store.currentRun();
        Optional<JsonNode> list = run.flatMap(r -> store.read(r, userId)).map(json -> stored(json, run.get(), "user " + userId));
        return list.orElseGet(() -> {
            ServingModel model = models.get();
            return answer(recommender.popular(model, userId, fallbackK, ItemFilter.NONE).json(model), model, run.orElse(null));
        });
    }

    /**
     * The item's list from the current run; an item the run has none for (a run older than the model, or one written
     * without similar items) gets the model's own, flagged {"fallback":"model"}; an item the model does not know is
     * a clear error.
     */
    private JsonNode similar(String itemId) {
        checkLength("item", itemId);
        Optional<String> run = store.currentRun();
        Optional<JsonNode> list = run.flatMap(r -> store.readSimilar(r, itemId)).map(json -> stored(json, run.get(), "item " + itemId));
        return list.orElseGet(() -> {
            ServingModel model = models.get();
            int item = model.itemIndex(itemId);
            if (item < 0) {
                throw new BadRequestException("unknown item '" + StrictJson.abbreviate(itemId) + "' (model " + model.modelId() + ")");
            }
            ObjectNode out = recommender.similar(model, item, null, fallbackK, ItemFilter.NONE, Similarity.COSINE).json(model);
            return answer(out.put("fallback", "model"), model, run.orElse(null));
        });
    }

    private static void checkLength(String field, String id) {
        if (id.isEmpty() || id.length() > 256) {
            throw new BadRequestException(field + " must be 1 to 256 characters");
        }
    }

    private static JsonNode stored(String json, String run, String whose) {
        try {
            ObjectNode out = (ObjectNode) JSON.readTree(json);
            out.put("run", run);
            return out;
        } catch (IOException | ClassCastException e) {
            throw new RecommendationStoreException("the stored list of " + StrictJson.abbreviate(whose) + " is not a JSON object", e);
        }
    }

    private static JsonNode answer(ObjectNode out, ServingModel model, String run) {
        out.put("model", model.modelId());
        if (run != null) {
            out.put("run", run);
        }
        return out;
    }
}
