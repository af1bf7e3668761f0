package dev.lambdarec.train;

import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.Scorer;
import java.util.List;
import java.util.Map;

/**
 * What an algorithm hands back: the serving scorer, its training curve (empty for closed forms), and any
 * metrics only the algorithm can compute (e.g. a library's own evaluation as a cross-check).
 */
public record TrainedModel(Scorer scorer, List<ModelCard.Epoch> curve, Map<String, Double> metrics) {
    public TrainedModel(Scorer scorer, List<ModelCard.Epoch> curve) {
        this(scorer, curve, Map.of());
    }
}
