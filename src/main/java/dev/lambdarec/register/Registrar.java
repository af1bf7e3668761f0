package dev.lambdarec.register;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.common.Directories;
import dev.lambdarec.model.CorruptModelException;
import dev.lambdarec.model.ModelArtifacts;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.S3Uri;
import dev.lambdarec.common.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

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
                           String currentModelId, Double currentValue, String comparedWith, String decidedAt) {
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
        String jobPrefix = StoreLayout.registration(event.jobName());
        if (!event.status().equals("Completed")) {
            if (event.status().equals("Failed") || event.status().equals("Stopped")) {
                return record(jobPrefix, decision(event, "job-failed", null,
                        event.status() + (event.failureReason() == null ? "" : ": " + event.failureReason()), null, null, null, null));
            }
            return new Decision(event.jobName(), "ignored", null, "status " + event.status(), gate.metric(), null, null, null,
                    null, clock.instant().toString());
        }
        ModelCard card;
        try {
            String modelId = event.modelPrefix() != null ? modelIdOf(event.modelPrefix()) : stageAndPublish(event.artifactUri());
            card = registry.load(modelId).card(); // what predict will load, read back and verified from the store
        } catch (CorruptModelException e) {
            return record(jobPrefix, decision(event, "rejected-corrupt", null, e.getMessage(), null, null, null, null));
        } catch (ModelIdConflict e) {
            return record(jobPrefix, decision(event, "rejected-conflict", e.modelId, e.getMessage(), null, null, null, null));
        }
        return record(StoreLayout.model(card.modelId()), decide(event, card));
    }

    /**
     * The gate against the pointer as read, then a compare-and-set of the pointer; when another registration moved
     * it in between, the comparison is made again against the new current model. The two numbers compared always
     * come from the same test split (see {@link #baseline}). Fails closed: a pointer, a current model or a champion
     * measurement that cannot be read keeps the new model out.
     */
    private Decision decide(TrainingJobEvent event, ModelCard card) {
        String modelId = card.modelId();
        Double value = card.metrics().get(gate.metric());
        Decision written = null; // the promotion as decided, while its write's outcome is unknown
        for (int attempt = 1; ; attempt++) {
            Optional<ModelRegistry.Pointer> pointer;
            try {
                pointer = registry.pointer();
            } catch (CorruptModelException e) {
                return decision(event, "kept-out", modelId, "the current model cannot be read (" + e.getMessage()
                        + "); nothing is promoted over it until it is repaired", value, null, null, null);
            }
            String currentId = pointer.map(p -> p.current().modelId()).orElse(null);
            if (modelId.equals(currentId)) {
                // after a write whose answer was lost (and retried into a 412), the pointer shows it did land
                return written != null ? written
                        : decision(event, "kept-out", modelId, "already current", value, currentId, null, null);
            }
            Baseline baseline = pointer.isPresent() ? baseline(card, pointer.get().current())
                    : new Baseline(null, null, null);
            if (baseline.refusal() != null) {
                return decision(event, "kept-out", modelId, baseline.refusal(), value, currentId, null, null);
            }
            Double currentValue = baseline.value();
            String reason = value == null ? "the model has no " + gate.metric()
                    : currentValue == null ? "no current model"
                    : String.format("%s %.6f vs current %.6f (%s), margin %s, %s is better", gate.metric(), value,
                            currentValue, baseline.basis(), gate.margin(), gate.lowerIsBetter() ? "lower" : "higher");
            if (!gate.passes(value, currentValue)) {
                return decision(event, "kept-out", modelId, reason, value, currentId, currentValue, baseline.basis());
            }
            written = decision(event, "promoted", modelId, reason, value, currentId, currentValue, baseline.basis());
            if (registry.promote(card, gate.metric(), clock, pointer)) {
                LOG.info("register " + event.jobName() + ": promoted " + modelId + " (" + reason + ")");
                return written;
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new IllegalStateException(StoreLayout.CURRENT_MODEL + " changed under " + MAX_ATTEMPTS
                        + " promotions in a row; the invocation fails so that it is retried");
            }
            LOG.info("register " + event.jobName() + ": " + StoreLayout.CURRENT_MODEL + " moved since it was read; comparing again");
        }
    }

    private static final int MAX_ATTEMPTS = 20;

    /** What the new model's metric is compared with, and on what ground; or why there is no fair comparison. */
    private record Baseline(Double value, String basis, String refusal) {
        static Baseline refused(String why) {
            return new Baseline(null, null, why);
        }
    }

    static final String ON_THIS_SPLIT = "the current model measured on this model's test split";
    static final String SAME_DATASET = "the current model's own metric, on the same dataset";

    /**
     * A fair baseline only: the champion measurement in model.json when it measured the model that is current now,
     * else the current model's own metric when it learned from the very same dataset (same split, same evaluator:
     * so two models of one retraining compare even after the first was promoted). Anything else measures different
     * data, and keeps the new model out.
     */
    private Baseline baseline(ModelCard card, ModelRegistry.Current current) {
        ModelCard.Champion champion = card.champion();
        if (champion != null && champion.modelId().equals(current.modelId())) {
            if (champion.error() != null) {
                return Baseline.refused("the current model " + current.modelId() + " could not be measured on this model's"
                        + " test split (" + champion.error() + "); the gate fails closed");
            }
            Double value = champion.metrics().get(gate.metric());
            return value == null || value.isNaN()
                    ? Baseline.refused("the champion measurement of " + current.modelId() + " has no " + gate.metric() + "; the gate fails closed")
                    : new Baseline(value, ON_THIS_SPLIT, null);
        }
        ModelCard currentCard = registry.card(current.modelId()).orElse(null);
        if (currentCard == null) {
            return Baseline.refused("the current model " + current.modelId() + " has no readable " + StoreLayout.MODEL_CARD
                    + "; the gate fails closed");
        }
        if (currentCard.datasetId().equals(card.datasetId())) {
            Double value = gate.metric().equals(current.metricName()) && current.metric() != null
                    ? current.metric() : currentCard.metrics().get(gate.metric());
            return value == null
                    ? Baseline.refused("the current model " + current.modelId() + " has no readable " + gate.metric() + "; the gate fails closed")
                    : new Baseline(value, SAME_DATASET, null);
        }
        String measured = champion == null ? "model.json has no champion measurement (the job was not given the current model)"
                : "it was measured against " + champion.modelId() + ", which is no longer current";
        return Baseline.refused(measured + ", and the current model " + current.modelId() + " learned from dataset "
                + currentCard.datasetId() + ", not " + card.datasetId() + ": there is no comparison on the same split,"
                + " so the gate fails closed; retrain to compare");
    }

    private Decision decision(TrainingJobEvent event, String outcome, String modelId, String reason, Double value,
                              String currentId, Double currentValue, String basis) {
        return new Decision(event.jobName(), outcome, modelId, reason, gate.metric(), value, currentId, currentValue, basis,
                clock.instant().toString());
    }

    private String modelIdOf(String prefix) {
        String key = (prefix.endsWith("/") ? prefix : prefix + "/") + StoreLayout.MODEL_CARD;
        if (!store.exists(key)) {
            throw new CorruptModelException("no " + StoreLayout.MODEL_CARD + " under " + prefix);
        }
        try (InputStream in = store.open(key)) {
            return ModelArtifacts.JSON.readValue(in, ModelCard.class).modelId();
        } catch (IOException e) {
            throw new CorruptModelException(key + " is not a model card: " + e.getMessage());
        }
    }

    /** A model id whose files exist already, and differ from the archive's. */
    static final class ModelIdConflict extends RuntimeException {
        final String modelId;

        ModelIdConflict(String modelId, String message) {
            super(message);
            this.modelId = modelId;
        }
    }

    /**
     * Downloads and unpacks model.tar.gz into a fresh local directory and verifies it there (checksums, and a load
     * as predict does). Only a verified model is published under models/<modelId>/, model.json last and only if
     * absent: a model id's files are never rewritten. An archive of an existing id is a no-op when its model.json
     * matches byte for byte, and a {@link ModelIdConflict} when it differs.
     */
    private String stageAndPublish(String artifactUri) throws IOException {
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
            if (!Files.exists(dir.resolve(StoreLayout.MODEL_CARD))) {
                throw new CorruptModelException(artifactUri + " holds no " + StoreLayout.MODEL_CARD);
            }
            ModelCard card = ModelRegistry.verify(dir).card();
            String prefix = StoreLayout.model(card.modelId());
            byte[] cardBytes = Files.readAllBytes(dir.resolve(StoreLayout.MODEL_CARD));
            Optional<ObjectStore.Versioned> existing = store.read(prefix + StoreLayout.MODEL_CARD, MAX_CARD_BYTES);
            if (existing.isPresent()) {
                return sameOrConflict(card.modelId(), existing.get().bytes(), cardBytes);
            }
            for (String name : card.files().keySet()) {
                if (!store.exists(prefix + name)) {
                    store.put(prefix + name, dir.resolve(name), "application/octet-stream");
                }
            }
            if (!store.putIf(prefix + StoreLayout.MODEL_CARD, cardBytes, "application/json", null)) {
                return sameOrConflict(card.modelId(), store.read(prefix + StoreLayout.MODEL_CARD, MAX_CARD_BYTES)
                        .map(ObjectStore.Versioned::bytes).orElse(new byte[0]), cardBytes);
            }
            return card.modelId();
        } finally {
            Directories.deleteRecursively(dir);
        }
    }

    /** The largest model.json register reads (the card of a big catalogue lists no ids: a few KB). */
    static final int MAX_CARD_BYTES = 16 << 20;

    private static String sameOrConflict(String modelId, byte[] stored, byte[] archived) {
        if (java.util.Arrays.equals(stored, archived)) {
            return modelId; // the same model again: nothing to write
        }
        throw new ModelIdConflict(modelId, "model " + modelId + " already exists with a different model.json (sha256 "
                + Hashing.sha256(stored) + " stored, " + Hashing.sha256(archived) + " in the archive); a model id's files"
                + " are never rewritten, so this archive is not published");
    }

    private Decision record(String prefix, Decision decision) {
        try {
            store.put(prefix + "decision.json", ModelArtifacts.JSON.writeValueAsBytes(decision), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RegistryPage.write(store, gate.metric(), registry.current().map(ModelRegistry.Current::modelId).orElse(null));
        } catch (RuntimeException e) {
            // the overview is for people; a page that could not be written never undoes or fails a decision
            LOG.warning("register: " + StoreLayout.INDEX_PAGE + " not rewritten: " + e.getMessage());
        }
        return decision;
    }
}
