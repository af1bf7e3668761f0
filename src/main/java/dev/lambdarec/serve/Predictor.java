package dev.lambdarec.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.events.FreshEvents;
import dev.lambdarec.events.RecentHistory;
import dev.lambdarec.model.CannotFoldInException;
import dev.lambdarec.model.FoldedUser;
import dev.lambdarec.model.History;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.model.Similarity;
import dev.lambdarec.recommend.ItemFilter;
import dev.lambdarec.recommend.Recommender;
import dev.lambdarec.common.StrictJson;
import dev.lambdarec.common.TooLargeException;
import dev.lambdarec.common.BadRequestException;
import java.util.ArrayList;

import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Answers TensorFlow-Serving-style REST bodies with one model (the whole request sees the same model):
 * <ul>
 *   <li>pairs, row format {@code {"instances":[{"user":"196","item":"242"}]}} or columnar
 *       {@code {"inputs":{"user":[...],"item":[...]}}} -> {@code {"predictions":[0.87, ...]}}; an instance
 *       whose user or item the model does not know gets {@code null} and an entry in {@code "errors"};</li>
 *   <li>one-hot {@code {"instances":[{"input_1":[0,1,...],"input_2":[0,0,1,...]}]}} (vectors as long as the
 *       model's users and items, one 1 each) -> {@code {"predictions":[[0.87], ...]}};</li>
 *   <li>top-K {@code {"instances":[{"user":"196","k":10}]}}, optional {@code exclude}, {@code include} (item
 *       lists) and {@code genres} -> ranked unseen items with scores ({@link Recommender}); an unknown user
 *       gets the popular list flagged {@code "fallback":"popular"};</li>
 *   <li>top-K for a history {@code {"instances":[{"user":"u-new","history":["50",{"item":"172","value":4}],"k":10}]}}
 *       ({@code user} optional): the model folds the history in and answers as for a training user, the history
 *       left out; unknown history items are reported in "errors";</li>
 *   <li>similar items {@code {"instances":[{"item":"50","k":10}]}}, the same filters, optional {@code user} (their
 *       seen items left out) and {@code similarity} ({@code cosine} or {@code dot} for item vectors) -> per
 *       instance {@code {"item","items":[{"item","score"}...]}}, the item itself never in it.</li>
 * </ul>
 * A malformed body is a {@link BadRequestException} whose message names the field.
 */
public final class Predictor {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Prepare refuses ids over 256 bytes, so no model knows a longer one. */
    static final int MAX_ID_CHARS = 256;

    private final PredictLimits limits;
    private final Recommender recommender;
    private final FreshEvents fresh;

    /** @param fresh the subjects' recent events, read for top-K instances without a history ({@link FreshEvents#NONE}: not read) */
    public Predictor(PredictLimits limits, Recommender recommender, FreshEvents fresh) {
        this.limits = limits;
        this.recommender = recommender;
        this.fresh = fresh;
    }

    public Predictor(PredictLimits limits, Recommender recommender) {
        this(limits, recommender, FreshEvents.NONE);
    }

    /** Lists under the request's filters only. */
    public Predictor(PredictLimits limits) {
        this(limits, Recommender.unfiltered());
    }

    public ObjectNode predict(ServingModel model, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new BadRequestException("body must be a JSON object with \"instances\" or \"inputs\"");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("instances") && !field.equals("inputs") && !field.equals("signature_name")) {
                throw new BadRequestException("unknown field '" + field + "' (expected \"instances\" or \"inputs\")");
            }
        }
        if (body.has("instances") == body.has("inputs")) {
            throw new BadRequestException("give exactly one of \"instances\" (row format) and \"inputs\" (columnar format)");
        }
        ObjectNode response = body.has("inputs") ? columnar(model, body.get("inputs")) : rows(model, body.get("instances"));
        response.put("model", model.modelId());
        return response;
    }

    private ObjectNode rows(ServingModel model, JsonNode instances) {
        if (!instances.isArray()) {
            throw new BadRequestException("instances must be an array");
        }
        if (instances.isEmpty()) {
            throw new BadRequestException("instances is empty");
        }
        if (instances.size() > limits.maxInstances()) {
            throw new BadRequestException("instances has " + instances.size() + " entries; at most " + limits.maxInstances() + " per request");
        }
        JsonNode first = instances.get(0);
        if (!first.isObject()) {
            throw new BadRequestException("instances[0] must be an object");
        }
        if (first.has("input_1") || first.has("input_2")) {
            return oneHot(model, instances);
        }
        if (first.has("k")) { // top-K, or similar items when an instance names an item
            return topK(model, instances);
        }
        List<String> users = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (int n = 0; n < instances.size(); n++) {
            JsonNode instance = instances.get(n);
            String where = "instances[" + n + "]";
            requireObject(instance, where, Set.of("user", "item"));
            if (instance.has("k")) {
                throw new BadRequestException(where + " asks for top-K while instances[0] asks for a (user, item) score; send them apart");
            }
            users.add(id(instance, "user", where));
            items.add(id(instance, "item", where));
        }
        return pairs(model, users, items);
    }

    private ObjectNode columnar(ServingModel model, JsonNode inputs) {
        if (!inputs.isObject()) {
            throw new BadRequestException("inputs must be an object {\"user\":[...],\"item\":[...]}");
        }
        requireObject(inputs, "inputs", Set.of("user", "item"));
        JsonNode users = inputs.get("user");
        JsonNode items = inputs.get("item");
        if (users == null || items == null) {
            throw new BadRequestException("inputs needs both \"user\" and \"item\" arrays");
        }
        if (!users.isArray() || !items.isArray()) {
            throw new BadRequestException("inputs.user and inputs.item must be arrays");
        }
        if (users.size() != items.size()) {
            throw new BadRequestException("inputs.user has " + users.size() + " entries but inputs.item has " + items.size());
        }
        if (users.isEmpty()) {
            throw new BadRequestException("inputs.user is empty");
        }
        if (users.size() > limits.maxInstances()) {
            throw new BadRequestException("inputs has " + users.size() + " entries; at most " + limits.maxInstances() + " per request");
        }
        List<String> u = new ArrayList<>();
        List<String> i = new ArrayList<>();
        for (int n = 0; n < users.size(); n++) {
            u.add(idValue(users.get(n), "inputs.user[" + n + "]"));
            i.add(idValue(items.get(n), "inputs.item[" + n + "]"));
        }
        return pairs(model, u, i);
    }

    private ObjectNode pairs(ServingModel model, List<String> users, List<String> items) {
        ArrayNode predictions = JSON.arrayNode();
        ArrayNode errors = JSON.arrayNode();
        for (int n = 0; n < users.size(); n++) {
            int user = model.userIndex(users.get(n));
            int item = model.itemIndex(items.get(n));
            if (user < 0 || item < 0) {
                predictions.addNull();
                errors.add(JSON.objectNode().put("instance", n).put("error",
                        user < 0 ? "unknown user '" + users.get(n) + "'" : "unknown item '" + items.get(n) + "'"));
            } else {
                predictions.add(model.scorer().score(user, item));
            }
        }
        ObjectNode response = JSON.objectNode();
        response.set("predictions", predictions);
        if (!errors.isEmpty()) {
            response.set("errors", errors);
        }
        return response;
    }

    private ObjectNode oneHot(ServingModel model, JsonNode instances) {
        ArrayNode predictions = JSON.arrayNode();
        for (int n = 0; n < instances.size(); n++) {
            String where = "instances[" + n + "]";
            JsonNode instance = instances.get(n);
            requireObject(instance, where, Set.of("input_1", "input_2"));
            int user = hotIndex(instance.get("input_1"), model.numUsers(), where + ".input_1", "users");
            int item = hotIndex(instance.get("input_2"), model.numItems(), where + ".input_2", "items");
            predictions.add(JSON.arrayNode().add(model.scorer().score(user, item)));
        }
        ObjectNode response = JSON.objectNode();
        response.set("predictions", predictions);
        return response;
    }

    private static int hotIndex(JsonNode vector, int length, String where, String what) {
        if (vector == null || !vector.isArray()) {
            throw new BadRequestException(where + " must be a one-hot array");
        }
        if (vector.size() != length) {
            throw new BadRequestException(where + " has length " + vector.size() + "; the model has " + length + " " + what);
        }
        int hot = -1;
        for (int i = 0; i < length; i++) {
            JsonNode v = vector.get(i);
            if (!v.isNumber() || v.asDouble() != 0 && v.asDouble() != 1) {
                throw new BadRequestException(where + "[" + i + "] must be 0 or 1, was " + v);
            }
            if (v.asDouble() == 1) {
                if (hot >= 0) {
                    throw new BadRequestException(where + " has more than one 1 (at " + hot + " and " + i + ")");
                }
                hot = i;
            }
        }
        if (hot < 0) {
            throw new BadRequestException(where + " has no 1");
        }
        return hot;
    }

    private ObjectNode topK(ServingModel model, JsonNode instances) {
        List<TopKRequest> requests = new ArrayList<>();
        long answerBytes = 32;
        for (int n = 0; n < instances.size(); n++) {
            TopKRequest request = topKRequest(model, instances.get(n), "instances[" + n + "]", n);
            requests.add(request);
            answerBytes += 96 + 2L * Math.max(request.userId() == null ? 0 : request.userId().length(), model.longestItemIdJson())
                    + (long) request.k() * (48 + model.longestItemIdJson());
        }
        if (answerBytes > limits.maxAnswerBytes()) {
            throw new TooLargeException("the answer could reach " + answerBytes + " bytes, over the " + limits.maxAnswerBytes()
                    + " a Lambda answer can carry: ask for fewer instances or a smaller k (about "
                    + limits.maxAnswerBytes() / (48 + model.longestItemIdJson()) + " items in all for this model)");
        }
        ArrayNode predictions = JSON.arrayNode();
        ArrayNode errors = JSON.arrayNode();
        for (TopKRequest request : requests) {
            request.problems().forEach(problem -> errors.add(JSON.objectNode().put("instance", request.instance()).put("error", problem)));
            if (request.history() != null) {
                predictions.add(folded(model, request).json(model));
                continue;
            }
            if (request.itemId() == null) {
                predictions.add(recent(model, request));
                continue;
            }
            int item = model.itemIndex(request.itemId());
            if (item < 0) {
                errors.add(JSON.objectNode().put("instance", request.instance()).put("error", "unknown item '" + StrictJson.abbreviate(request.itemId()) + "'"));
                ObjectNode empty = JSON.objectNode().put("item", request.itemId());
                empty.putArray("items");
                predictions.add(empty);
                continue;
            }
            predictions.add(recommender.similar(model, item, request.userId(), request.k(), request.filter(), request.similarity()).json(model));
        }
        ObjectNode response = JSON.objectNode();
        response.set("predictions", predictions);
        if (!errors.isEmpty()) {
            response.set("errors", errors);
        }
        return response;
    }

    /**
     * A top-K instance without a history: folded in from the subject's recent events when there are enough (the
     * events function's, {@link FreshEvents}), else the model's list with the items just touched left out; a
     * session without events gets the popular list, flagged.
     */
    private ObjectNode recent(ServingModel model, TopKRequest request) {
        String subject = request.sessionId() != null ? "session:" + request.sessionId() : "user:" + request.userId();
        List<String> events = fresh.of(subject);
        int known = request.userId() == null ? -1 : model.userIndex(request.userId());
        ObjectNode out;
        var folded = fresh.foldIn(events, model, known);
        if (folded.isPresent()) {
            out = recommender.recommendFolded(model, request.userId(), folded.get(), request.k(), request.filter()).json(model);
            out.put("fresh_events", events.size());
        } else {
            ItemFilter filter = events.isEmpty() ? request.filter() : request.filter().and(new ItemFilter(RecentHistory.items(events), null, null));
            out = recommender.recommend(model, request.userId(), request.k(), filter).json(model);
        }
        if (request.sessionId() != null) {
            out.remove("user");
            out.put("session", request.sessionId());
        }
        return out;
    }

    /**
     * A top-K instance with a history: the user folded in from it (merged with what the model knows of a known
     * user); a history of items the model does not know at all gives the popular list, flagged.
     */
    private dev.lambdarec.recommend.Recommendation folded(ServingModel model, TopKRequest request) {
        if (request.history().size() == 0) {
            return recommender.popular(model, request.userId(), request.k(), request.filter());
        }
        FoldedUser user;
        try {
            user = model.scorer().foldIn(request.history(), request.userId() == null ? -1 : model.userIndex(request.userId()));
        } catch (CannotFoldInException e) {
            throw new BadRequestException("instances[" + request.instance() + "].history: " + e.getMessage());
        }
        return recommender.recommendFolded(model, request.userId(), user, request.k(), request.filter());
    }

    /**
     * One list instance, read and checked: a user's top-K ({@code itemId} null), folded in from a {@code history}
     * when it has one, or an item's similar items (a {@code userId} beside it leaves out what that user saw);
     * {@code problems} are reported in "errors".
     */
    private record TopKRequest(int instance, String userId, String sessionId, String itemId, Similarity similarity, int k,
                               ItemFilter filter, History history, List<String> problems) {
    }

    private TopKRequest topKRequest(ServingModel model, JsonNode instance, String where, int n) {
        boolean similar = instance != null && instance.has("item");
        requireObject(instance, where, similar ? Set.of("item", "user", "k", "exclude", "include", "genres", "similarity")
                : Set.of("user", "session", "history", "k", "exclude", "include", "genres"));
        String itemId = similar ? id(instance, "item", where) : null;
        boolean folds = instance.has("history");
        String sessionId = null;
        if (instance.has("session")) {
            if (instance.has("user")) {
                throw new BadRequestException(where + " names both a user and a session; give one");
            }
            sessionId = id(instance, "session", where);
        }
        String userId = !similar && !folds && sessionId == null || instance.has("user") ? id(instance, "user", where) : null;
        Similarity similarity = Similarity.COSINE;
        if (instance.has("similarity")) {
            JsonNode metric = instance.get("similarity");
            if (!metric.isTextual() || !Set.of("cosine", "dot").contains(metric.asText())) {
                throw new BadRequestException(where + ".similarity must be \"cosine\" or \"dot\", was " + StrictJson.abbreviate(metric.toString()));
            }
            similarity = Similarity.parse(metric.asText());
        }
        int k = StrictJson.wholeInt(instance.get("k"), where + ".k", 1, limits.maxK());
        List<String> problems = new ArrayList<>();
        History history = folds ? history(model, instance.get("history"), where + ".history", problems) : null;
        Set<String> exclude = itemSet(model, instance.get("exclude"), where + ".exclude", null);
        Set<String> include = null;
        if (instance.has("include")) {
            List<String> unknown = new ArrayList<>();
            include = itemSet(model, instance.get("include"), where + ".include", unknown);
            if (include.isEmpty()) {
                problems.add(where + ".include names no item the model knows (" + sample(unknown) + "), so nothing can be recommended");
            } else if (!unknown.isEmpty()) {
                problems.add(where + ".include has items the model does not know: " + sample(unknown));
            }
        }
        Set<String> genres = genres(instance.get("genres"), where + ".genres");
        if (genres != null) {
            List<String> unknown = genres.stream().filter(g -> !model.allGenres().contains(g)).sorted().toList();
            if (!unknown.isEmpty()) {
                problems.add(where + ".genres has genres no item of the model has: " + sample(unknown)
                        + " (known: " + sample(new ArrayList<>(model.allGenres())) + ")");
            }
        }
        return new TopKRequest(n, userId, sessionId, itemId, similarity, k, new ItemFilter(exclude, include, genres), history, problems);
    }

    /**
     * A request's history: item ids, or objects {@code {"item", "timestamp", "value"}} (timestamp ISO-8601 or epoch
     * seconds, value a finite number). Items the model does not know are reported and left out; an item named
     * twice counts once, with its latest entry (by timestamp, else by position).
     */
    private History history(ServingModel model, JsonNode list, String where, List<String> problems) {
        if (!list.isArray()) {
            throw new BadRequestException(where + " must be an array of item ids or {\"item\",\"timestamp\",\"value\"} objects");
        }
        if (list.size() > limits.maxListItems()) {
            throw new BadRequestException(where + " has " + list.size() + " entries; at most " + limits.maxListItems());
        }
        java.util.Map<Integer, Entry> latest = new java.util.LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (int n = 0; n < list.size(); n++) {
            JsonNode entry = list.get(n);
            String at = where + "[" + n + "]";
            String itemId;
            float value = Float.NaN;
            double time = n; // no timestamp: the order given
            if (entry.isObject()) {
                requireObject(entry, at, Set.of("item", "timestamp", "value"));
                itemId = id(entry, "item", at);
                if (entry.has("value")) {
                    JsonNode v = entry.get("value");
                    if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                        throw new BadRequestException(at + ".value must be a finite number, was " + StrictJson.abbreviate(v.toString()));
                    }
                    value = (float) v.asDouble();
                }
                if (entry.has("timestamp")) {
                    time = epochSeconds(entry.get("timestamp"), at + ".timestamp");
                }
            } else {
                itemId = idValue(entry, at);
            }
            int item = model.itemIndex(itemId);
            if (item < 0) {
                unknown.add(itemId);
                continue;
            }
            Entry previous = latest.get(item);
            if (previous == null || time >= previous.time()) {
                latest.put(item, new Entry(value, time));
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(where + " has items the model does not know, left out: " + sample(unknown)
                    + (latest.isEmpty() ? "; none is known, so the list is the popular one" : ""));
        }
        int[] items = new int[latest.size()];
        float[] values = new float[latest.size()];
        int at = 0;
        for (var e : latest.entrySet()) {
            items[at] = e.getKey();
            values[at++] = e.getValue().value();
        }
        return new History(items, values);
    }

    private record Entry(float value, double time) {
    }

    /** An ISO-8601 instant ("2026-12-01T10:00:00Z") or a whole number of epoch seconds. */
    private static double epochSeconds(JsonNode value, String where) {
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isTextual()) {
            try {
                return java.time.Instant.parse(value.asText()).getEpochSecond();
            } catch (java.time.format.DateTimeParseException e) {
                // reported below
            }
        }
        throw new BadRequestException(where + " must be an ISO-8601 instant such as \"2026-12-01T10:00:00Z\" or whole epoch seconds, was "
                + StrictJson.abbreviate(value.toString()));
    }

    /** A few values for a message, quoted, with how many more there were. */
    private static String sample(List<String> values) {
        List<String> shown = values.stream().limit(5).map(v -> "'" + StrictJson.abbreviate(v) + "'").toList();
        return String.join(", ", shown) + (values.size() > shown.size() ? " and " + (values.size() - shown.size()) + " more" : "");
    }

    /** The ids of a list the model knows; the others go to {@code unknown} when the caller wants them reported. */
    private Set<String> itemSet(ServingModel model, JsonNode list, String where, List<String> unknown) {
        Set<String> items = new HashSet<>();
        if (list == null) {
            return items;
        }
        if (!list.isArray()) {
            throw new BadRequestException(where + " must be an array of item ids");
        }
        if (list.size() > limits.maxListItems()) {
            throw new BadRequestException(where + " has " + list.size() + " items; at most " + limits.maxListItems());
        }
        for (int n = 0; n < list.size(); n++) {
            String id = idValue(list.get(n), where + "[" + n + "]");
            if (model.itemIndex(id) >= 0) {
                items.add(id);
            } else if (unknown != null) {
                unknown.add(id); // an unknown id cannot be recommended anyway; reported where it matters
            }
        }
        return items;
    }

    private static Set<String> genres(JsonNode list, String where) {
        if (list == null) {
            return null;
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new BadRequestException(where + " must be a non-empty array of genre names");
        }
        Set<String> genres = new HashSet<>();
        for (int n = 0; n < list.size(); n++) {
            if (!list.get(n).isTextual()) {
                throw new BadRequestException(where + "[" + n + "] must be a string");
            }
            genres.add(list.get(n).asText());
        }
        return genres;
    }

    private static void requireObject(JsonNode node, String where, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw new BadRequestException(where + " must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw new BadRequestException(where + " has unknown field '" + field + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    private static String id(JsonNode instance, String field, String where) {
        JsonNode value = instance.get(field);
        if (value == null) {
            throw new BadRequestException(where + "." + field + " is missing");
        }
        return idValue(value, where + "." + field);
    }

    /** Ids are strings; whole numbers are accepted and read as their decimal text. */
    private static String idValue(JsonNode value, String where) {
        if (value.isTextual() && !value.asText().isEmpty() || value.isIntegralNumber()) {
            String id = value.asText();
            if (id.length() > MAX_ID_CHARS) {
                throw new BadRequestException(where + " is " + id.length() + " characters long; ids have at most " + MAX_ID_CHARS);
            }
            return id;
        }
        throw new BadRequestException(where + " must be a non-empty string or a whole number, was " + StrictJson.abbreviate(value.toString()));
    }

}
