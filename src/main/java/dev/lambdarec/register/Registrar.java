package dev.lambdarec.register;

import dev.lambdarec.model.CorruptModelException;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.S3Uri;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Consumes a finished training job: brings its model under {@code models/<modelId>/} (unpacking SageMaker's
 * model.tar.gz), verifies every file against model.json, and promotes it only if it passes the gate against the
 * current model. Every decision is written next to the model as decision.json (for a failed job, under
 * {@code models/jobs/<jobName>/}); the current model stays served whatever happens.
 */
public final class Registrar {
    private static final Logger LOG = Logger.getLogger(Registrar.class.getName());

    /** What was decided, and why. */
    public record Decision(String job, String outcome, String modelId, String reason, String metric, Double value,
                           String currentModelId, Double currentValue, String decidedAt) {
    }

    private final ObjectStore store;
    private final ModelRegistry registry;
    private final PromotionGate gate;
    private final Path scratch;
    private final Clock clock;

    public Registrar(ObjectStore store, ModelRegistry registry, PromotionGate gate, Path scratch, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.gate = gate;
        this.scratch = scratch;
        this.clock = clock;
    }

    public Decision register(TrainingJobEvent event) throws IOException {
        if (!event.status().equals("Completed")) {
            if (event.status().equals("Failed") || event.status().equals("Stopped")) {
                return record(ModelRegistry.MODELS + "jobs/" + event.jobName() + "/", new Decision(event.jobName(), "job-failed",
                        null, event.status() + (event.failureReason() == null ? "" : ": " + event.failureReason()),
                        gate.metric(), null, currentId().orElse(null), null, clock.instant().toString()));
            }
            return new Decision(event.jobName(), "ignored", null, "status " + event.status(), gate.metric(), null, null, null,
                    clock.instant().toString());
        }
        String modelId;
        try {
            modelId = event.modelPrefix() != null ? modelIdOf(event.modelPrefix()) : unpack(event.artifactUri());
        } catch (CorruptModelException e) {
            return record(ModelRegistry.MODELS + "jobs/" + event.jobName() + "/", new Decision(event.jobName(), "rejected-corrupt",
                    null, e.getMessage(), gate.metric(), null, currentId().orElse(null), null, clock.instant().toString()));
        }
        String prefix = ModelRegistry.MODELS + modelId + "/";
        ModelCard card;
        try {
            card = registry.load(modelId).card();
        } catch (CorruptModelException e) {
            return record(prefix, new Decision(event.jobName(), "rejected-corrupt", modelId, e.getMessage(), gate.metric(), null,
                    currentId().orElse(null), null, clock.instant().toString()));
        }
        Double value = card.metrics().get(gate.metric());
        Optional<ModelRegistry.Current> current = registry.current();
        Double currentValue = current.map(c -> currentMetric(c)).orElse(null);
        String currentId = current.map(ModelRegistry.Current::modelId).orElse(null);
        boolean passes = gate.passes(value, currentValue) && !modelId.equals(currentId);
        String reason = value == null ? "the model has no " + gate.metric()
                : currentValue == null ? "no current model"
                : String.format("%s %.6f vs current %.6f, margin %s, %s is better", gate.metric(), value, currentValue,
                        gate.margin(), gate.lowerIsBetter() ? "lower" : "higher");
        if (modelId.equals(currentId)) {
            reason = "already current";
        }
        if (passes) {
            registry.promote(card, gate.metric(), clock);
        }
        Decision decision = new Decision(event.jobName(), passes ? "promoted" : "kept-out", modelId, reason, gate.metric(), value,
                currentId, currentValue, clock.instant().toString());
        LOG.info("register " + event.jobName() + ": " + decision.outcome() + " " + modelId + " (" + reason + ")");
        return record(prefix, decision);
    }

    private Optional<String> currentId() {
        try {
            return registry.current().map(ModelRegistry.Current::modelId);
        } catch (CorruptModelException e) {
            return Optional.empty();
        }
    }

    private Double currentMetric(ModelRegistry.Current current) {
        if (gate.metric().equals(current.metricName()) && current.metric() != null) {
            return current.metric();
        }
        try (InputStream in = store.open(ModelRegistry.MODELS + current.modelId() + "/" + ModelCard.FILE)) {
            return ModelArtifacts.JSON.readValue(in, ModelCard.class).metrics().get(gate.metric());
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable current model is no bar to a good new one
        }
    }

    private String modelIdOf(String prefix) {
        String key = (prefix.endsWith("/") ? prefix : prefix + "/") + ModelCard.FILE;
        if (!store.exists(key)) {
            throw new CorruptModelException("no " + ModelCard.FILE + " under " + prefix);
        }
        try (InputStream in = store.open(key)) {
            return ModelArtifacts.JSON.readValue(in, ModelCard.class).modelId();
        } catch (IOException e) {
            throw new CorruptModelException(key + " is not a model card: " + e.getMessage());
        }
    }

    /** Downloads and unpacks model.tar.gz, then publishes its files under models/<modelId>/, model.json last. */
    private String unpack(String artifactUri) throws IOException {
        S3Uri uri;
        try {
            uri = S3Uri.parse(artifactUri);
        } catch (IllegalArgumentException e) {
            throw new CorruptModelException("S3ModelArtifacts: " + e.getMessage());
        }
        Files.createDirectories(scratch);
        Path dir = Files.createTempDirectory(scratch, "register-");
        try {
            try (InputStream in = store.inBucket(uri.bucket()).open(uri.key())) {
                TarArchive.extract(in, dir);
            } catch (IOException | RuntimeException e) {
                throw new CorruptModelException(artifactUri + " is not a readable model archive: " + e.getMessage());
            }
            if (!Files.exists(dir.resolve(ModelCard.FILE))) {
                throw new CorruptModelException(artifactUri + " holds no " + ModelCard.FILE);
            }
            ModelCard card = ModelArtifacts.readCard(dir);
            String prefix = ModelRegistry.MODELS + card.modelId() + "/";
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> !f.getFileName().toString().equals(ModelCard.FILE)).toList()) {
                    store.put(prefix + file.getFileName(), file, "application/octet-stream");
                }
            }
            store.put(prefix + ModelCard.FILE, dir.resolve(ModelCard.FILE), "application/json");
            return card.modelId();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private Decision record(String prefix, Decision decision) {
        try {
            store.put(prefix + "decision.json", ModelArtifacts.JSON.writeValueAsBytes(decision), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return decision;
    }
}
