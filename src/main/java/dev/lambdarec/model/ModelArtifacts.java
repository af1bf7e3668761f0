package dev.lambdarec.model;

import dev.lambdarec.store.StoreLayout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lambdarec.io.NpzFile;
import dev.lambdarec.io.NpzWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes and reads a model directory: model.json, weights.npz (and report.html beside them). */
public final class ModelArtifacts {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A loaded model: its card and a scorer over its weights. */
    public record Loaded(ModelCard card, Scorer scorer) {
    }

    private ModelArtifacts() {
    }

    public static void writeWeights(Path dir, Scorer scorer) throws IOException {
        Files.createDirectories(dir);
        try (NpzWriter npz = new NpzWriter(dir.resolve(StoreLayout.WEIGHTS))) {
            scorer.writeTo(npz);
        }
    }

    public static void writeCard(Path dir, ModelCard card) throws IOException {
        Files.write(dir.resolve(StoreLayout.MODEL_CARD), JSON.writeValueAsBytes(card));
    }

    public static ModelCard readCard(Path dir) throws IOException {
        return JSON.readValue(dir.resolve(StoreLayout.MODEL_CARD).toFile(), ModelCard.class);
    }

    public static Loaded load(Path dir) throws IOException {
        ModelCard card = readCard(dir);
        return new Loaded(card, Scorers.read(card.family(), NpzFile.read(dir.resolve(StoreLayout.WEIGHTS))));
    }
}
