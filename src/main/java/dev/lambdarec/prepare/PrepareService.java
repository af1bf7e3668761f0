package dev.lambdarec.prepare;

import dev.lambdarec.store.StoreLayout;

import dev.lambdarec.common.Directories;
import dev.lambdarec.common.Hashing;
import dev.lambdarec.common.BadRequestException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lambdarec.Version;
import dev.lambdarec.data.InteractionFilter;
import dev.lambdarec.data.Interactions;
import dev.lambdarec.data.InvalidInputException;
import dev.lambdarec.data.RatingsFormat;
import dev.lambdarec.data.RatingsParser;
import dev.lambdarec.data.RawInput;
import dev.lambdarec.data.RawReader;
import dev.lambdarec.data.Rejections;
import dev.lambdarec.data.SourceFiles;
import dev.lambdarec.store.MissingObjectException;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.S3Uri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Raw ratings to a dataset under {@code datasets/<datasetId>/}: read and validate, deduplicate, filter, split,
 * sample negatives, write numpy files and vocabularies, upload, and write the manifest last. The dataset id
 * hashes the input files and every parameter, so the same request twice finds the dataset already there.
 */
public final class PrepareService {
    private static final Logger LOG = Logger.getLogger(PrepareService.class.getName());
    private static final int MAX_SOURCE_OBJECTS = 200;
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private final ObjectStore store;
    private final Path workDir;
    private final boolean allowLocalSources;
    private final Clock clock;
    private dev.lambdarec.data.ArchiveLimits archiveLimits = dev.lambdarec.data.ArchiveLimits.DEFAULT;
    private double maxRejectedFraction = DEFAULT_MAX_REJECTED_FRACTION;

    /** More than half the rows rejected is a wrong format or mapping far more often than bad data. */
    public static final double DEFAULT_MAX_REJECTED_FRACTION = 0.5;

    /** The largest share of rows that may be rejected before prepare refuses the input (lambdarec.prepare.max-rejected-fraction). */
    public PrepareService withMaxRejectedFraction(double fraction) {
        this.maxRejectedFraction = fraction;
        return this;
    }

    /** How far compressed input may expand (lambdarec.prepare.max-expanded-bytes, max-compression-ratio). */
    public PrepareService withArchiveLimits(dev.lambdarec.data.ArchiveLimits limits) {
        this.archiveLimits = limits;
        return this;
    }

    public PrepareService(ObjectStore store, Path workDir, boolean allowLocalSources, Clock clock) {
        this.store = store;
        this.workDir = workDir;
        this.allowLocalSources = allowLocalSources;
        this.clock = clock;
    }

    public PrepareResult prepare(PrepareRequest request) throws IOException {
        Files.createDirectories(workDir);
        Path scratch = Files.createTempDirectory(workDir, "prepare-");
        try {
            Timings timings = new Timings();
            Path local = fetch(request, scratch.resolve("source"));
            Path events = request.eventSources().isEmpty() ? null : fetchEvents(request.eventSources(), scratch.resolve("events.csv"));
            timings.lap("fetch");
            try (SourceFiles files = SourceFiles.open(local, archiveLimits)) {
                RawInput input = RawInput.resolve(files, request.format(), request.csv());
                Map<String, String> inputHashes = hashInputs(input);
                if (events != null) {
                    inputHashes.put(EVENTS_FILE, Hashing.sha256(events));
                }
                String datasetId = datasetId(request, inputHashes);
                timings.lap("hash");
                String prefix = StoreLayout.dataset(datasetId);
                if (store.exists(prefix + StoreLayout.MANIFEST)) {
                    LOG.info("dataset " + datasetId + " already exists: reusing it");
                    try (InputStream in = store.open(prefix + StoreLayout.MANIFEST)) {
                        return new PrepareResult(datasetId, store.uri(prefix), true, JSON.readValue(in, DatasetManifest.class));
                    }
                }
                LOG.info("preparing " + datasetId + " from " + input);
                Path out = Files.createDirectories(scratch.resolve("out"));
                DatasetManifest manifest = build(request, input, events, inputHashes, datasetId, prefix, out, timings);
                publish(prefix, out, manifest);
                return new PrepareResult(datasetId, store.uri(prefix), false, manifest);
            }
        } finally {
            Directories.deleteRecursively(scratch);
        }
    }

    /**
     * A Processing job's dataset brought in (its files uploaded under datasets/<id>/ when the job ended, its manifest
     * and answer under prepare-jobs/<job>/): every file the manifest lists is checked to be there with its size,
     * and only then is the manifest written, last, as the Lambda's prepare writes it. A refused input's answer is
     * refused here the same way; a dataset already whole is reused as it is.
     */
    public PrepareResult adopt(String jobName) throws IOException {
        String staged = StoreLayout.prepareJob(jobName);
        java.util.Optional<ObjectStore.Versioned> answer = store.read(staged + PrepareJob.RESULT, MAX_STAGED_BYTES);
        if (answer.isEmpty()) {
            throw new BadRequestException("adopt: " + store.uri(staged + PrepareJob.RESULT) + " does not exist: the job " + jobName
                    + " has not finished, or never ran");
        }
        com.fasterxml.jackson.databind.JsonNode result = JSON.readTree(answer.get().bytes());
        if (result.hasNonNull("error")) {
            throw new InvalidInputException(result.get("error").asText());
        }
        DatasetManifest manifest = DatasetManifest.read(store.read(staged + StoreLayout.MANIFEST, MAX_STAGED_BYTES)
                .orElseThrow(() -> new BadRequestException("adopt: the job " + jobName + " left no " + StoreLayout.MANIFEST))
                .bytes(), store.uri(staged + StoreLayout.MANIFEST));
        String prefix = StoreLayout.dataset(manifest.datasetId());
        if (store.exists(prefix + StoreLayout.MANIFEST)) {
            try (InputStream in = store.open(prefix + StoreLayout.MANIFEST)) {
                return new PrepareResult(manifest.datasetId(), store.uri(prefix), true, JSON.readValue(in, DatasetManifest.class));
            }
        }
        Map<String, Long> uploaded = store.sizes(prefix);
        for (Map.Entry<String, DatasetManifest.FileEntry> file : manifest.files().entrySet()) {
            Long size = uploaded.get(prefix + file.getKey());
            if (size == null || size != file.getValue().bytes()) {
                throw new IllegalStateException("adopt: " + store.uri(prefix + file.getKey()) + (size == null ? " is missing"
                        : " has " + size + " bytes, the manifest says " + file.getValue().bytes()) + "; the dataset is not published");
            }
        }
        store.put(prefix + StoreLayout.MANIFEST, JSON.writeValueAsBytes(manifest), "application/json");
        LOG.info("adopted " + store.uri(prefix) + " from the Processing job " + jobName);
        return new PrepareResult(manifest.datasetId(), store.uri(prefix), false, manifest);
    }

    private static final int MAX_STAGED_BYTES = 16 << 20;

    private DatasetManifest build(PrepareRequest request, RawInput input, Path events, Map<String, String> inputHashes,
                                  String datasetId, String prefix, Path out, Timings timings) throws IOException {
        RawReader.Read read;
        Map<String, Long> rejectedByReason;
        try (Rejections rejections = new Rejections(out.resolve(StoreLayout.REJECTED))) {
            read = RawReader.read(input, events, rejections);
            rejectedByReason = rejections.byReason();
        }
        timings.lap("read");
        RatingsParser.Counts parsed = read.counts();
        if (parsed.rowsRead() > 0 && parsed.rejected() > maxRejectedFraction * parsed.rowsRead()) {
            store.put(prefix + StoreLayout.REJECTED, out.resolve(StoreLayout.REJECTED), "application/gzip"); // kept, though no dataset is
            throw new InvalidInputException(String.format("%,d of %,d rows (%.1f%%) were rejected, more than"
                    + " lambdarec.prepare.max-rejected-fraction (%s) allows; no dataset was written, and every rejected row"
                    + " with its reason is in %s (most common: %s)", parsed.rejected(), parsed.rowsRead(),
                    100.0 * parsed.rejected() / parsed.rowsRead(), maxRejectedFraction, store.uri(prefix + StoreLayout.REJECTED),
                    rejectedByReason.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("-")));
        }
        Interactions accepted = read.interactions();
        InteractionFilter.Result filtered = request.filter().apply(accepted);
        Interactions data = filtered.interactions();
        if (data.size() == 0) {
            throw new InvalidInputException("the filters " + request.filter() + " removed every interaction");
        }
        timings.lap("filter");
        Split split = Splitter.split(data, request.split(), request.coldStart());
        timings.lap("split");
        DatasetWriter.Written written = new DatasetWriter(data, split, request.split().holdsOutUsers(), request.seed())
                .write(out, request.negatives(), request.testNegatives(), read.users(), read.items());
        timings.lap("write");
        DatasetStats stats = DatasetStats.of(data);
        DatasetManifest.Counts counts = new DatasetManifest.Counts(parsed.rowsRead(), accepted.size(), parsed.rejected(),
                read.duplicatesMerged(), filtered.belowThreshold(), filtered.removedByMinimums(), data.size(),
                data.numUsers(), data.numItems(), split.train(), split.test(), written.trainNegatives(),
                written.testNegatives(), written.testUsers(), split.coldUserRows(), split.coldItemRows(),
                split.coldDropped(), read.sideRowsRejected(), parsed.headerLines());
        checkConservation(counts);
        Map<String, DatasetManifest.FileEntry> fileEntries = new LinkedHashMap<>();
        for (String name : List.of(StoreLayout.TRAIN, StoreLayout.TEST, StoreLayout.USERS, StoreLayout.ITEMS, StoreLayout.REJECTED)) {
            Path file = out.resolve(name);
            fileEntries.put(name, new DatasetManifest.FileEntry(Hashing.sha256(file), Files.size(file)));
        }
        timings.lap("checksum");
        DatasetManifest.Parameters parameters = new DatasetManifest.Parameters(request.split().toString(),
                request.negatives(), request.testNegatives(), request.seed(), request.filter().minUserInteractions(),
                request.filter().minItemInteractions(), request.filter().ratingThreshold(), request.coldStart().toString(),
                request.format() == RatingsFormat.CSV ? request.csv().canonical() : null);
        DatasetManifest.Source source = new DatasetManifest.Source(request.source(), request.format().toString(),
                input.ratingsMember(), inputHashes);
        LOG.info(String.format("dataset %s: %,d users, %,d items, %,d interactions (train %,d, test %,d, negatives %,d + %,d)",
                datasetId, data.numUsers(), data.numItems(), data.size(), split.train(), split.test(),
                written.trainNegatives(), written.testNegatives()));
        return new DatasetManifest(DatasetManifest.SCHEMA_VERSION, datasetId, clock.instant().toString(), source,
                parameters, counts, rejectedByReason, stats, DatasetWriter.columns(data, request.split().holdsOutUsers()), fileEntries, timings.seconds(),
                "lambdarec " + Version.current());
    }

    /** Nothing is lost: every row read is accounted for, at every step. */
    static void checkConservation(DatasetManifest.Counts c) {
        if (c.rowsRead() != c.accepted() + c.rejected() + c.duplicatesMerged()
                || c.accepted() != c.interactions() + c.belowThreshold() + c.removedByMinimums()
                || c.interactions() != c.train() + c.test() + c.coldTestRowsDropped()) {
            throw new IllegalStateException("row counts do not add up: " + c);
        }
    }

    /** Data files first, the manifest last: a reader that finds the manifest finds a whole dataset. */
    private void publish(String prefix, Path out, DatasetManifest manifest) throws IOException {
        for (String name : manifest.files().keySet()) {
            store.put(prefix + name, out.resolve(name), name.endsWith(".npz") ? "application/zip" : "application/gzip");
        }
        store.put(prefix + StoreLayout.MANIFEST, JSON.writeValueAsBytes(manifest), "application/json");
        LOG.info("published " + store.uri(prefix));
    }

    private Path fetch(PrepareRequest request, Path scratch) throws IOException {
        String source = request.source();
        if (!S3Uri.looksLike(source)) {
            if (!allowLocalSources) {
                throw new BadRequestException("source: local paths are not allowed here; give an s3:// URI, was '" + source + "'");
            }
            Path path = Path.of(source.startsWith("file:") ? java.net.URI.create(source).getPath() : source);
            if (!Files.exists(path)) {
                throw new BadRequestException("source: " + path + " does not exist");
            }
            return path;
        }
        S3Uri uri;
        try {
            uri = S3Uri.parse(source);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("source: " + e.getMessage());
        }
        ObjectStore from = store.inBucket(uri.bucket());
        String key = uri.key();
        boolean singleObject = !key.isEmpty() && !key.endsWith("/") && from.exists(key);
        if (singleObject && (key.toLowerCase().endsWith(".zip") || request.format() == RatingsFormat.CSV)) {
            Path file = scratch.resolve(SourceFiles.baseName(key));
            from.download(key, file);
            return file;
        }
        // A prefix (or, for MovieLens, one of its files: the side files sit beside it).
        String prefix = singleObject ? key.substring(0, key.lastIndexOf('/') + 1) : key.isEmpty() || key.endsWith("/") ? key : key + "/";
        List<String> keys;
        try {
            keys = from.list(prefix);
        } catch (MissingObjectException e) {
            throw new BadRequestException("source: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new BadRequestException("source: nothing at " + source);
        }
        if (keys.size() > MAX_SOURCE_OBJECTS) {
            throw new BadRequestException("source: " + source + " holds " + keys.size() + " objects (at most "
                    + MAX_SOURCE_OBJECTS + "); point at the ratings file or a narrower prefix");
        }
        Files.createDirectories(scratch);
        for (String k : keys) {
            Path target = scratch.resolve(k.substring(prefix.length())).normalize();
            if (!target.startsWith(scratch)) {
                throw new BadRequestException("source: key " + k + " would leave the download directory");
            }
            if (!k.endsWith("/")) {
                from.download(k, target);
            }
        }
        return scratch;
    }

    /** The recorded events, gathered into one file (its name in the manifest's input hashes). */
    static final String EVENTS_FILE = "events.csv";
    /** Event objects one prepare reads at most (one a call and day): beyond, name a narrower prefix (a day). */
    static final int MAX_EVENT_OBJECTS = 200_000;
    /**
     * An event object is one header and at most one call's rows (100 events of three ids of up to 256 bytes, each
     * quoted at worst to twice its length); anything longer is not one the events function wrote.
     */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    /**
     * Gathers the events under each prefix (as the events function writes them: {@code events/dt=YYYY-MM-DD/*.csv},
     * one header and a call's rows each) into one CSV with one header; an object that is not such a file is refused by
     * name, never half read.
     */
    private Path fetchEvents(List<String> sources, Path target) throws IOException {
        long objects = 0;
        try (java.io.Writer out = Files.newBufferedWriter(target, java.nio.charset.StandardCharsets.UTF_8)) {
            out.write(dev.lambdarec.events.EventRecorder.CSV_HEADER + "\n");
            for (String source : sources) {
                List<String> keys;
                ObjectStore from;
                String prefix;
                try {
                    S3Uri uri = S3Uri.parse(source);
                    from = store.inBucket(uri.bucket());
                    prefix = uri.key().isEmpty() || uri.key().endsWith("/") ? uri.key() : uri.key() + "/";
                    keys = from.list(prefix);
                } catch (IllegalArgumentException | MissingObjectException e) {
                    throw new BadRequestException("sources: " + source + ": " + e.getMessage());
                }
                for (String key : keys) {
                    if (!key.endsWith(".csv")) {
                        continue;
                    }
                    if (++objects > MAX_EVENT_OBJECTS) {
                        throw new BadRequestException("sources: more than " + MAX_EVENT_OBJECTS + " event objects under " + source
                                + "; name a narrower prefix, e.g. " + source.replaceAll("/?$", "/") + "dt=2026-12-01/");
                    }
                    java.util.Optional<ObjectStore.Versioned> object;
                    try {
                        object = from.read(key, MAX_EVENT_BYTES);
                    } catch (IllegalStateException tooLong) {
                        throw new BadRequestException("sources: " + from.uri(key) + " is over " + MAX_EVENT_BYTES + " bytes: not an events object the events function wrote");
                    }
                    if (object.isEmpty()) {
                        continue; // gone since the listing
                    }
                    String text = new String(object.get().bytes(), java.nio.charset.StandardCharsets.UTF_8);
                    if (!text.startsWith(dev.lambdarec.events.EventRecorder.CSV_HEADER + "\n")) {
                        throw new BadRequestException("sources: " + from.uri(key) + " does not start with the events header '"
                                + dev.lambdarec.events.EventRecorder.CSV_HEADER + "'");
                    }
                    out.write(text.substring(dev.lambdarec.events.EventRecorder.CSV_HEADER.length() + 1));
                }
            }
        }
        LOG.info(String.format("recorded events: %,d objects from %s", objects, sources));
        return target;
    }

    private static Map<String, String> hashInputs(RawInput input) throws IOException {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String member : input.members()) {
            try (InputStream in = input.files().open(member)) {
                hashes.put(SourceFiles.baseName(member), Hashing.sha256(in));
            }
        }
        return hashes;
    }

    static String datasetId(PrepareRequest request, Map<String, String> inputHashes) {
        String digest = Hashing.sha256(request.canonicalParameters() + ";inputs=" + inputHashes);
        return slug(request.source()) + "-" + digest.substring(0, 12);
    }

    /** A readable name from the source: its last path part, lower case, [a-z0-9-] only. */
    static String slug(String source) {
        String trimmed = source.replaceAll("[/\\\\]+$", "");
        String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
        String name = last.toLowerCase(java.util.Locale.ROOT).replaceAll("(\\.(zip|csv|tsv|dat|data|txt|gz))+$", "")
                .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (name.length() > 40) {
            name = name.substring(0, 40).replaceAll("-+$", "");
        }
        return name.isEmpty() ? "dataset" : name;
    }

    /** Wall-clock seconds per phase. */
    static final class Timings {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private final long started = System.nanoTime();
        private long last = started;

        double lap(String phase) {
            long now = System.nanoTime();
            double elapsed = (now - last) / 1e9;
            seconds.merge(phase, elapsed, Double::sum);
            last = now;
            return elapsed;
        }

        Map<String, Double> seconds() {
            seconds.put("total", (last - started) / 1e9);
            return seconds;
        }
    }
}
