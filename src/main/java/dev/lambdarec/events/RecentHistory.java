package dev.lambdarec.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.model.History;
import dev.lambdarec.model.ServingModel;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * A subject's recent events (newest first, as {@link RecentEvents} lists them) as a fold-in history for a model:
 * each item the model knows once, its newest event winning; a rating event's value as the rating, other events
 * as interactions without a value. Entries that are not what the events function writes are skipped, never fatal.
 */
public final class RecentHistory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(RecentHistory.class.getName());

    private RecentHistory() {
    }

    public static History of(List<String> recent, ServingModel model) {
        Map<Integer, Float> items = new LinkedHashMap<>();
        for (String entry : recent) {
            try {
                JsonNode event = JSON.readTree(entry);
                int item = model.itemIndex(event.path("item").asText(""));
                if (item >= 0 && !items.containsKey(item)) {
                    items.put(item, "rating".equals(event.path("type").asText()) && event.path("value").isNumber()
                            ? (float) event.get("value").asDouble() : Float.NaN);
                }
            } catch (IOException e) {
                LOG.warning("skipped a recent event that is not JSON: " + e.getMessage());
            }
        }
        int[] ids = new int[items.size()];
        float[] values = new float[items.size()];
        int at = 0;
        for (var e : items.entrySet()) {
            ids[at] = e.getKey();
            values[at++] = e.getValue();
        }
        return new History(ids, values);
    }

    /** The item ids of the recent events, whatever the model knows (what must not be recommended back). */
    public static java.util.Set<String> items(List<String> recent) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String entry : recent) {
            try {
                ids.add(JSON.readTree(entry).path("item").asText(""));
            } catch (IOException e) {
                // skipped, as above
            }
        }
        return ids;
    }
}
