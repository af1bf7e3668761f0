package dev.lambdarec.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.batch.RecommendationStore;
import dev.lambdarec.batch.RecommendationStoreException;
import dev.lambdarec.events.FreshEvents;
import dev.lambdarec.events.RecentHistory;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.Similarity;
import dev.lambdarec.recommend.ItemFilter;
import dev.lambdarec.recommend.Recommender;
import dev.lambdarec.common.StrictJson;
import dev.lambdarec.common.BadRequestException;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
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
    private final FreshEvents fresh;

    /** @param recommender the batch run's, so a fallback list obeys the run's genres and excluded items */
    public RecommendationsHandler(RecommendationStore store, Supplier<ServingModel> models, Recommender recommender, int fallbackK,
                                  FreshEvents fresh) {
        this.store = store;
        this.models = models;
        this.recommender = recommender;
        this.fallbackK = fallbackK;
        this.fresh = fresh;
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
            if (call.query().size() == 1 && call.query().containsKey("session")) {
                return Answer.ok(session(call.query().get("session")));
            }
            return Answer.badRequest("GET takes exactly one query parameter, user, session or item (e.g. /?user=196, /?item=50)");
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
            if (!field.equals("user") && !field.equals("item") && !field.equals("session")) {
                throw new BadRequestException("unknown field '" + StrictJson.abbreviate(field) + "' (expected \"user\", \"session\" or \"item\")");
            }
        }
        if (body.size() != 1) {
            throw new BadRequestException("give exactly one of user (their recommendations), session (an anonymous visitor's) and item (its similar items)");
        }
        String field = body.fieldNames().next();
        JsonNode id = body.get(field);
        if (!(id.isTextual() && !id.asText().isEmpty() || id.isIntegralNumber())) {
            throw new BadRequestException(field + " must be a non-empty string or a whole number, was " + StrictJson.abbreviate(id.toString()));
        }
        return field.equals("user") ? recommend(id.asText()) : field.equals("session") ? session(id.asText()) : similar(id.asText());
    }

    /**
     * A user's list: folded in from their recent events when they have at least {@code minFoldIn} (the next answer
     * knows what they just did), else the current run's list with those items left out, else the popular list.
     */
    private JsonNode recommend(String userId) {
        checkLength("user", userId);
        List<String> recent = fresh.of("user:" + userId);
        Optional<String> run = store.currentRun();
        Optional<JsonNode> folded = foldedIn(userId, recent, run);
        if (folded.isPresent()) {
            return folded.get();
        }
        Optional<JsonNode> list = run.flatMap(r -> store.read(r, userId)).map(json -> withoutRecent(stored(json, run.get(), "user " + userId), recent));
        return list.orElseGet(() -> {
            ServingModel model = models.get();
            ItemFilter filter = recent.isEmpty() ? ItemFilter.NONE : new ItemFilter(RecentHistory.items(recent), null, null);
            return answer(recommender.popular(model, userId, fallbackK, filter).json(model), model, run.orElse(null));
        });
    }

    /** An anonymous visitor: folded in from the session's recent events, or the popular list, flagged. */
    private JsonNode session(String sessionId) {
        checkLength("session", sessionId);
        List<String> recent = fresh.of("session:" + sessionId);
        Optional<String> run = store.currentRun();
        return foldedIn(null, recent, run).map(out -> (JsonNode) ((ObjectNode) out).put("session", sessionId)).orElseGet(() -> {
            ServingModel model = models.get();
            ItemFilter filter = recent.isEmpty() ? ItemFilter.NONE : new ItemFilter(RecentHistory.items(recent), null, null);
            ObjectNode out = recommender.popular(model, null, fallbackK, filter).json(model);
            out.remove("user");
            return answer(out.put("session", sessionId), model, run.orElse(null));
        });
    }

    /** The list folded in from recent events, when there are enough and the model can. */
    private Optional<JsonNode> foldedIn(String userId, List<String> recent, Optional<String> run) {
        if (recent.isEmpty()) {
            return Optional.empty(); // nothing fresh: the model is not even loaded
        }
        ServingModel model = models.get();
        return fresh.foldIn(recent, model, userId == null ? -1 : model.userIndex(userId)).map(user -> {
            ObjectNode out = recommender.recommendFolded(model, userId, user, fallbackK, ItemFilter.NONE).json(model);
            if (userId == null) {
                out.remove("user");
            }
            out.put("fresh_events", recent.size());
            return answer(out, model, run.orElse(null));
        });
    }

    /** A stored list without the items the user just interacted with (they are never recommended back). */
    private static JsonNode withoutRecent(JsonNode list, List<String> recent) {
        if (recent.isEmpty() || !list.path("items").isArray()) {
            return list;
        }
        java.util.Set<String> just = RecentHistory.items(recent);
        com.fasterxml.jackson.databind.node.ArrayNode kept = JSON.createArrayNode();
        list.get("items").forEach(entry -> {
            if (!just.contains(entry.path("item").asText())) {
                kept.add(entry);
            }
        });
        ((ObjectNode) list).set("items", kept);
        return list;
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
