package dev.lambdarec.recommend;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.model.ServingModel;

/**
 * One ranked list about a user (their recommendations) or an item (its similar items): item indices of the model,
 * best first, with their scores; {@code fallback} names the rule that made it when the model could not personalise
 * it ("popular"), null otherwise.
 *
 * @param about "user" or "item": the key the list's subject is answered under
 */
public record Recommendation(String about, String id, int[] items, float[] scores, String fallback) {
    public static final String POPULAR = "popular";
    public static final String USER = "user";
    public static final String ITEM = "item";

    /** {"user"|"item","items":[{"item","score"}...]} plus "fallback" when there is one: the shape every function answers. */
    public ObjectNode json(ServingModel model) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put(about, id);
        var list = out.putArray("items");
        for (int n = 0; n < items.length; n++) {
            list.addObject().put("item", model.itemId(items[n])).put("score", scores[n]);
        }
        if (fallback != null) {
            out.put("fallback", fallback);
        }
        return out;
    }
}
