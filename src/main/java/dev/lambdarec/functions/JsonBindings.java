package dev.lambdarec.functions;

import dev.lambdarec.jobs.JobStatus;
import dev.lambdarec.jobs.TuningJob;
import dev.lambdarec.model.ModelCard;
import dev.lambdarec.model.ModelRegistry;
import dev.lambdarec.prepare.DatasetManifest;
import dev.lambdarec.prepare.DatasetStats;
import dev.lambdarec.register.Registrar;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The core's records that the functions read or write with Jackson's data binding (manifests, model cards,
 * the current-model pointer, register decisions, training and tuning job status). A native image only keeps the reflection
 * Jackson needs for the classes listed here; the JVM runtime ignores this. Everything else on the Lambda
 * path reads and writes JSON trees.
 */
@RegisterForReflection(targets = {
        DatasetManifest.class, DatasetManifest.Source.class, DatasetManifest.Parameters.class,
        DatasetManifest.Counts.class, DatasetManifest.Column.class, DatasetManifest.FileEntry.class,
        DatasetStats.class, ModelCard.class, ModelCard.FileEntry.class, ModelCard.Epoch.class, ModelCard.Stage.class, ModelCard.Champion.class,
        ModelCard.Search.class, ModelCard.Trial.class, ModelRegistry.Current.class, Registrar.Decision.class, JobStatus.class, TuningJob.class})
final class JsonBindings {
    private JsonBindings() {
    }
}
