package dev.lambdarec.model;

import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;

/** Reads a scorer back from its weights.npz, by family. */
public final class Scorers {
    private Scorers() {
    }

    public static Scorer read(String family, NpzFile npz) {
        UserItems seen = new UserItems(npz.array("seen_offsets").ints(), npz.array("seen_items").ints());
        return switch (family) {
            case PopularityScorer.FAMILY -> new PopularityScorer(npz.array("item_scores").floats(), seen);
            case ItemItemScorer.FAMILY -> {
                NpzFile.Array weights = npz.array("item_weights");
                yield new ItemItemScorer(weights.floats(), (int) weights.shape()[0], seen);
            }
            case FactorScorer.FAMILY -> {
                NpzFile.Array users = npz.array("user_factors");
                yield new FactorScorer(users.floats(), npz.array("item_factors").floats(), (int) users.shape()[1],
                        npz.has("user_bias") ? npz.array("user_bias").floats() : null,
                        npz.has("item_bias") ? npz.array("item_bias").floats() : null,
                        npz.array("global_bias").floats()[0], seen).withFoldIn(FactorFoldIn.read(npz));
            }
            case PairMlpScorer.FAMILY -> PairMlpScorer.read(npz, seen);
            case DlrmScorer.FAMILY -> DlrmScorer.read(npz, seen);
            case TwoStageScorer.FAMILY -> TwoStageScorer.read(npz);
            default -> throw new IllegalArgumentException("unknown model family '" + family + "'");
        };
    }

    static void writeSeen(NpzWriter npz, UserItems seen) throws IOException {
        npz.addInts("seen_offsets", seen.offsets(), seen.offsets().length);
        npz.addInts("seen_items", seen.items(), seen.items().length);
    }
}
