package dev.lambdarec.serve;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.model.CorruptModelException;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.model.ServingModel;
import dev.lambdarec.store.StoreUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The model a Lambda container serves: loaded on first use, then the pointer is looked at again at most every
 * {@code refresh}; a new model is loaded beside the old one and swapped in one step, so requests in flight
 * keep the model they started with. A new model whose files are wrong is refused and the old one keeps serving;
 * a store that does not answer (timeouts, throttling) is retried and never makes a loaded model stop serving.
 */
public final class ModelCache {
    private static final Logger LOG = Logger.getLogger(ModelCache.class.getName());

    private final ModelRegistry registry;
    private final Duration refresh;
    private final Clock clock;
    private final AtomicReference<ServingModel> current = new AtomicReference<>();
    private volatile Instant nextCheck = Instant.MIN;
    private volatile ModelRegistry.Current refused;

    public ModelCache(ModelRegistry registry, Duration refresh, Clock clock) {
        this.registry = registry;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** The model to answer this request with. */
    public ServingModel get() {
        ServingModel model = current.get();
        if (model == null || clock.instant().isAfter(nextCheck)) {
            synchronized (this) {
                model = current.get();
                if (model == null || clock.instant().isAfter(nextCheck)) {
                    model = refresh(model);
                }
            }
        }
        return model;
    }

    private ServingModel refresh(ServingModel serving) {
        nextCheck = clock.instant().plus(refresh);
        Optional<ModelRegistry.Current> pointer;
        try {
            pointer = retrying(registry::current);
        } catch (CorruptModelException | StoreUnavailableException e) {
            if (serving == null) {
                throw new NoModelException(e instanceof StoreUnavailableException
                        ? "the model store did not answer: " + e.getMessage()
                        : "the model pointer is unreadable: " + e.getMessage());
            }
            LOG.warning("keeping " + serving.modelId() + ": " + e.getMessage());
            return serving;
        }
        if (pointer.isEmpty()) {
            if (serving == null) {
                throw new NoModelException("no model has been promoted yet (" + StoreLayout.CURRENT_MODEL + " is missing)");
            }
            return serving;
        }
        String wanted = pointer.get().modelId();
        if (serving != null && (serving.modelId().equals(wanted) || pointer.get().equals(refused))) {
            return serving;
        }
        try {
            long started = System.nanoTime();
            ServingModel loaded = retrying(() -> registry.load(wanted));
            current.set(loaded);
            refused = null;
            LOG.info(String.format("serving %s (loaded in %.2f s)%s", wanted, (System.nanoTime() - started) / 1e9,
                    serving == null ? "" : ", replacing " + serving.modelId()));
            return loaded;
        } catch (CorruptModelException e) {
            refused = pointer.get(); // its files are wrong: not retried until the pointer changes
            if (serving == null) {
                throw new NoModelException("the promoted model cannot be served: " + e.getMessage());
            }
            LOG.warning("refused " + wanted + ", still serving " + serving.modelId() + ": " + e.getMessage());
            return serving;
        } catch (StoreUnavailableException e) { // nothing known to be wrong with the model: tried again next time
            if (serving == null) {
                throw new NoModelException("the model store did not answer while loading " + wanted + ": " + e.getMessage());
            }
            LOG.warning("could not load " + wanted + " yet, still serving " + serving.modelId() + ": " + e.getMessage());
            return serving;
        }
    }

    /** A transient store failure is tried again, twice, before it counts. */
    private static <T> T retrying(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StoreUnavailableException e) {
                if (attempt == 3) {
                    throw e;
                }
                LOG.fine("retrying after: " + e.getMessage());
            }
        }
    }
}
