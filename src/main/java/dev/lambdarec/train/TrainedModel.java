package dev.lambdarec.train;

import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.Scorer;
import java.util.List;
import java.util.Map;

/**
 * What an algorithm hands back: the serving scorer, its training curve (empty for closed forms), and any
 * metrics only the algorithm can compute (e.g. a library's own evaluation as a cross-check), for a model
 * made of others (two-stage) what each stage is, and the {@code tune=auto} searches that chose its settings.
 */
public record TrainedModel(Scorer scorer, List<ModelCard.Epoch> curve, Map<String, Double> metrics, List<ModelCard.Stage> stages,
                           List<ModelCard.Search> tuning) {
    public TrainedModel(Scorer scorer, List<ModelCard.Epoch> curve, Map<String, Double> metrics, List<ModelCard.Stage> stages) {
        this(scorer, curve, metrics, stages, null);
    }

    public TrainedModel(Scorer scorer, List<ModelCard.Epoch> curve, Map<String, Double> metrics) {
        this(scorer, curve, metrics, null);
    }

    public TrainedModel(Scorer scorer, List<ModelCard.Epoch> curve) {
        this(scorer, curve, Map.of());
    }

    public TrainedModel withTuning(List<ModelCard.Search> searches) {
        return new TrainedModel(scorer, curve, metrics, stages, searches.isEmpty() ? null : List.copyOf(searches));
    }
}
