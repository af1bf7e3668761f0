package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.RecommendationStoreException;
import dev.lambdarec.model.ServingModel;
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
 * model knows they have seen. Errors name the field.
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

    /** {@code POST /} with {"user":"196"} (a direct invoke is that), or {@code GET /?user=196}. */
    public Answer route(HttpCall call) {
        if (!call.path().isEmpty() && !call.path().equals("/")) {
            return Answer.error(Answer.NOT_FOUND, "no such path '" + StrictJson.abbreviate(call.path()) + "'; POST / or GET /?user=<id>");
        }
        if (call.is("GET")) {
            return call.query().containsKey("user") && call.query().size() == 1
                    ? Answer.ok(recommend(call.query().get("user")))
                    : Answer.badRequest("GET takes exactly one query parameter, user (e.g. /?user=196)");
        }
        if (!call.is("POST")) {
            return Answer.error(Answer.METHOD_NOT_ALLOWED, "method " + StrictJson.abbreviate(call.method()) + " is not allowed; use POST or GET");
        }
        return Answer.ok(handle(call.json()));
    }

    public JsonNode handle(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body must be a JSON object like {\"user\":\"196\"}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("user")) {
                throw new BadRequestException("unknown field '" + StrictJson.abbreviate(field) + "' (expected \"user\")");
            }
        }
        JsonNode user = body.get("user");
        if (user == null || !(user.isTextual() && !user.asText().isEmpty() || user.isIntegralNumber())) {
            throw new BadRequestException("user must be a non-empty string or a whole number, was "
                    + (user == null ? "missing" : StrictJson.abbreviate(user.toString())));
        }
        return recommend(user.asText());
    }

    private JsonNode recommend(String userId) {
        if (userId.isEmpty() || userId.length() > 256) {
            throw new BadRequestException("user must be 1 to 256 characters");
        }
        Optional<String> run = store.currentRun();
        Optional<String> list = run.flatMap(r -> store.read(r, userId));
        if (list.isPresent()) {
            try {
                ObjectNode out = (ObjectNode) JSON.readTree(list.get());
                out.put("run", run.get());
                return out;
            } catch (IOException | ClassCastException e) {
                throw new RecommendationStoreException("the stored list of user " + StrictJson.abbreviate(userId) + " is not a JSON object", e);
            }
        }
        return popular(userId, run.orElse(null));
    }

    private JsonNode popular(String userId, String run) {
        ServingModel model = models.get();
        ObjectNode out = recommender.popular(model, userId, fallbackK, ItemFilter.NONE).json(model);
        out.put("model", model.modelId());
        if (run != null) {
            out.put("run", run);
        }
        return out;
    }
}
