package dev.lambdarec.recommend;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.model.ServingModel;

/**
 * One ranked list: item indices of the model, best first, with their scores; {@code fallback} names the rule that
 * made it when the model could not personalise it ("popular"), null otherwise.
 */
public record Recommendation(String user, int[] items, float[] scores, String fallback) {
    public static final String POPULAR = "popular";

    /** {"user","items":[{"item","score"}...]} plus "fallback" when there is one: the shape every function answers. */
    public ObjectNode json(ServingModel model) {
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("user", user);
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
