package dev.lambdarec.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lambdarec.prepare.Hashing;
import dev.lambdarec.store.MissingObjectException;
import dev.lambdarec.store.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Models in the object store: {@code models/<modelId>/} and the pointer {@code models/current.json}, which
 * is the only thing that switches production. Loading verifies every file's checksum against model.json.
 */
public final class ModelRegistry {
    public static final String MODELS = "models/";
    public static final String CURRENT = MODELS + "current.json";

    /** The pointer's content. */
    public record Current(String modelId, String promotedAt, Double metric, String metricName) {
    }

    private final ObjectStore store;
    private final Path scratch;

    public ModelRegistry(ObjectStore store, Path scratch) {
        this.store = store;
        this.scratch = scratch;
    }

    public Optional<Current> current() {
        if (!store.exists(CURRENT)) {
            return Optional.empty();
        }
        try (InputStream in = store.open(CURRENT)) {
            JsonNode node = ModelArtifacts.JSON.readTree(in);
            String modelId = node.path("modelId").asText("");
            if (modelId.isEmpty()) {
                throw new CorruptModelException(CURRENT + " names no modelId");
            }
            return Optional.of(new Current(modelId, node.path("promotedAt").asText(null),
                    node.hasNonNull("metric") ? node.get("metric").asDouble() : null, node.path("metricName").asText(null)));
        } catch (IOException e) {
            throw new CorruptModelException(CURRENT + " is not readable JSON: " + e.getMessage());
        } catch (MissingObjectException e) {
            return Optional.empty();
        }
    }

    /** Points production at a model (the pointer is one object, so readers see the old or the new one). */
    public void promote(ModelCard card, String metricName, Clock clock) {
        Current pointer = new Current(card.modelId(), clock.instant().toString(), card.metrics().get(metricName), metricName);
        try {
            store.put(CURRENT, ModelArtifacts.JSON.writeValueAsBytes(pointer), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Downloads, verifies and loads a model; a missing or altered file is a {@link CorruptModelException}. */
    public ServingModel load(String modelId) {
        String prefix = MODELS + modelId + "/";
        Path dir = null;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "model-");
            if (!store.exists(prefix + ModelCard.FILE)) {
                throw new CorruptModelException("model " + modelId + " has no " + ModelCard.FILE);
            }
            store.download(prefix + ModelCard.FILE, dir.resolve(ModelCard.FILE));
            ModelCard card = ModelArtifacts.readCard(dir);
            for (var file : card.files().entrySet()) {
                if (!file.getKey().matches("[A-Za-z0-9._-]+") || file.getKey().startsWith(".")) {
                    throw new CorruptModelException("model " + modelId + " lists a file name that is not a plain name: " + file.getKey());
                }
                Path local = dir.resolve(file.getKey());
                try {
                    store.download(prefix + file.getKey(), local);
                } catch (MissingObjectException e) {
                    throw new CorruptModelException("model " + modelId + " is missing " + file.getKey());
                }
                String actual = Hashing.sha256(local);
                if (!actual.equals(file.getValue().sha256())) {
                    throw new CorruptModelException("model " + modelId + ": " + file.getKey() + " has sha256 " + actual
                            + ", model.json says " + file.getValue().sha256());
                }
            }
            return ServingModel.load(dir, card);
        } catch (IOException e) {
            throw new CorruptModelException("model " + modelId + " cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof CorruptModelException) {
                throw e;
            }
            throw new CorruptModelException("model " + modelId + " cannot be loaded: " + e.getMessage());
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // scratch space only
        }
    }
}
