package dev.lambdarec.model;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.common.Directories;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.common.Hashing;
import dev.lambdarec.store.MissingObjectException;
import dev.lambdarec.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Models in the object store: {@code models/<modelId>/} and the pointer {@code models/current.json}, which
 * is the only thing that switches production. Loading verifies every file's checksum against model.json.
 */
public final class ModelRegistry {

    /** The pointer's content. */
    public record Current(String modelId, String promotedAt, Double metric, String metricName) {
    }

    private final ObjectStore store;
    private final Path scratch;

    public ModelRegistry(ObjectStore store, Path scratch) {
        this.store = store;
        this.scratch = scratch;
    }

    /** The pointer as it is now, with the version a promotion must still find (no pointer: empty). */
    public record Pointer(Current current, String etag) {
    }

    /** A model's model.json alone (no weights), or empty when it is missing or unreadable. */
    public Optional<ModelCard> card(String modelId) {
        try (java.io.InputStream in = store.open(StoreLayout.modelFile(modelId, StoreLayout.MODEL_CARD))) {
            return Optional.of(ModelArtifacts.JSON.readValue(in, ModelCard.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public Optional<Current> current() {
        return pointer().map(Pointer::current);
    }

    /**
     * The pointer and its version.
     * @throws CorruptModelException when it exists but does not name a model
     * @throws dev.lambdarec.store.StoreUnavailableException when the store does not answer
     */
    public Optional<Pointer> pointer() {
        Optional<ObjectStore.Versioned> read = store.read(StoreLayout.CURRENT_MODEL, 64 * 1024);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = ModelArtifacts.JSON.readTree(read.get().bytes());
            String modelId = node.path("modelId").asText("");
            if (modelId.isEmpty()) {
                throw new CorruptModelException(StoreLayout.CURRENT_MODEL + " names no modelId");
            }
            return Optional.of(new Pointer(new Current(modelId, node.path("promotedAt").asText(null),
                    node.hasNonNull("metric") ? node.get("metric").asDouble() : null, node.path("metricName").asText(null)),
                    read.get().etag()));
        } catch (IOException e) {
            throw new CorruptModelException(StoreLayout.CURRENT_MODEL + " is not readable JSON: " + e.getMessage());
        }
    }

    /**
     * Points production at a model if the pointer is still as {@code seen} (empty: still absent): a
     * compare-and-set, so of two promotions decided on the same pointer only one lands. False when the pointer
     * moved; the caller compares again with the new one.
     */
    public boolean promote(ModelCard card, String metricName, Clock clock, Optional<Pointer> seen) {
        Current pointer = new Current(card.modelId(), clock.instant().toString(), card.metrics().get(metricName), metricName);
        try {
            return store.putIf(StoreLayout.CURRENT_MODEL, ModelArtifacts.JSON.writeValueAsBytes(pointer), "application/json",
                    seen.map(Pointer::etag).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points production at a model whatever the pointer says now (first deployments and tests). */
    public void promote(ModelCard card, String metricName, Clock clock) {
        Current pointer = new Current(card.modelId(), clock.instant().toString(), card.metrics().get(metricName), metricName);
        try {
            store.put(StoreLayout.CURRENT_MODEL, ModelArtifacts.JSON.writeValueAsBytes(pointer), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Verifies a model's files in a local directory against its model.json (plain names, every listed file
     * present with its sha256) and loads it as a predict container would: what register checks before any file
     * is published.
     */
    public static ServingModel verify(Path dir) {
        try {
            ModelCard card = ModelArtifacts.readCard(dir);
            for (var file : card.files().entrySet()) {
                checkPlainName(card.modelId(), file.getKey());
                Path local = dir.resolve(file.getKey());
                if (!Files.isRegularFile(local)) {
                    throw new CorruptModelException("model " + card.modelId() + " is missing " + file.getKey());
                }
                checkSha256(card.modelId(), file.getKey(), local, file.getValue().sha256());
            }
            return ServingModel.load(dir, card);
        } catch (IOException e) {
            throw new CorruptModelException("the model cannot be read: " + e.getMessage());
        } catch (CorruptModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptModelException("the model cannot be loaded: " + e.getMessage());
        }
    }

    private static void checkPlainName(String modelId, String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new CorruptModelException("model " + modelId + " lists a file name that is not a plain name: " + name);
        }
    }

    private static void checkSha256(String modelId, String name, Path local, String expected) throws IOException {
        String actual = Hashing.sha256(local);
        if (!actual.equals(expected)) {
            throw new CorruptModelException("model " + modelId + ": " + name + " has sha256 " + actual
                    + ", model.json says " + expected);
        }
    }

    /** Downloads, verifies and loads a model; a missing or altered file is a {@link CorruptModelException}. */
    public ServingModel load(String modelId) {
        String prefix = StoreLayout.model(modelId);
        Path dir = null;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "model-");
            if (!store.exists(prefix + StoreLayout.MODEL_CARD)) {
                throw new CorruptModelException("model " + modelId + " has no " + StoreLayout.MODEL_CARD);
            }
            store.download(prefix + StoreLayout.MODEL_CARD, dir.resolve(StoreLayout.MODEL_CARD));
            ModelCard card = ModelArtifacts.readCard(dir);
            for (var file : card.files().entrySet()) {
                checkPlainName(modelId, file.getKey());
                Path local = dir.resolve(file.getKey());
                try {
                    store.download(prefix + file.getKey(), local);
                } catch (MissingObjectException e) {
                    throw new CorruptModelException("model " + modelId + " is missing " + file.getKey());
                }
                checkSha256(modelId, file.getKey(), local, file.getValue().sha256());
            }
            return ServingModel.load(dir, card);
        } catch (IOException e) {
            throw new CorruptModelException("model " + modelId + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof CorruptModelException || e instanceof dev.lambdarec.store.StoreUnavailableException) {
                throw e; // a store that did not answer says nothing about the model: worth another try
            }
            throw new CorruptModelException("model " + modelId + " cannot be loaded: " + e.getMessage());
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (UncheckedIOException e) {
            // scratch space only: a leftover is no reason to fail a load
        }
    }
}
