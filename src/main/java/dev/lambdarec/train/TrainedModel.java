package dev.lambdarec.train;

import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.Scorer;
import java.util.List;

/** What an algorithm hands back: the serving scorer and its training curve (empty for closed forms). */
public record TrainedModel(Scorer scorer, List<ModelCard.Epoch> curve) {
}
