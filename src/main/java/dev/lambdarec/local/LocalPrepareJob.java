package dev.lambdarec.local;

import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareJob;
import dev.lambdarec.prepare.PrepareRequest;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A prepare Processing job on this machine, with SageMaker's contract ({@link PrepareJob}): the request's prefixes
 * copied from the object store into {@code input/store/}, the planned request into {@code input/request/}, the
 * entry point run as a child JVM (as the container runs it), and the outputs uploaded when it ends: datasets/ and
 * the job's staging prefix, for the prepare function's adopt.
 */
public final class LocalPrepareJob {
    private final ObjectStore store;
    private final Path jobsDir;

    public LocalPrepareJob(ObjectStore store, Path jobsDir) {
        this.store = store;
        this.jobsDir = jobsDir;
    }

    public void run(String jobName) throws Exception {
        String staged = StoreLayout.prepareJob(jobName);
        Path root = Files.createDirectories(jobsDir.resolve(jobName + "-" + System.nanoTime()));
        Path request = root.resolve(PrepareJob.REQUEST_DIR).resolve(PrepareJob.REQUEST);
        store.download(staged + PrepareJob.REQUEST, request);
        PrepareRequest parsed = new PrepareRequestParser(PrepareDefaults.STANDARD).parse(PrepareService.JSON.readTree(request.toFile()));
        for (String prefix : PrepareJob.mounts(parsed)) {
            for (String key : store.list(prefix)) {
                store.download(key, root.resolve(PrepareJob.INPUT_STORE).resolve(key));
            }
        }
        Path log = root.resolve("prepare.log");
        int exit = ChildJvm.run(PrepareJob.MAIN, List.of("--root", root.toString()), log, jobName);
        if (exit != 0) {
            throw new IllegalStateException("the prepare job " + jobName + " failed (exit status " + exit + ", see " + log + ")");
        }
        upload(root.resolve(PrepareJob.OUTPUT_STORE).resolve(StoreLayout.DATASETS), StoreLayout.DATASETS);
        upload(root.resolve(PrepareJob.STAGED), staged);
    }

    /** A local output directory under a prefix, as SageMaker uploads an output at the end of the job. */
    private void upload(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                store.put(prefix + dir.relativize(file).toString().replace(java.io.File.separatorChar, '/'), file, "application/octet-stream");
            }
        }
    }
}
