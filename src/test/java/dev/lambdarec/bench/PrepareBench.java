package dev.lambdarec.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.data.CsvOptions;
import dev.lambdarec.data.RatingsFormat;
import dev.lambdarec.data.RawInput;
import dev.lambdarec.data.RawReader;
import dev.lambdarec.data.Rejections;
import dev.lambdarec.data.SourceFiles;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.prepare.PrepareDefaults;
import dev.lambdarec.prepare.PrepareRequestParser;
import dev.lambdarec.prepare.PrepareResult;
import dev.lambdarec.prepare.PrepareService;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Warm-JVM timings of prepare (scripts/bench-prepare.sh runs it): the whole prepare function against the
 * in-process S3 server, repeated with a new seed each time so nothing is reused, and the parse step alone.
 * Not a test: run it with the test classpath.
 *
 * <pre>PrepareBench prepare DIR FORMAT SPLIT ITERATIONS | parse DIR FORMAT ITERATIONS</pre>
 */
public final class PrepareBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "prepare" -> prepare(Path.of(args[1]), args[2], args[3], Integer.parseInt(args[4]));
            case "parse" -> parse(Path.of(args[1]), RatingsFormat.parse(args[2]), Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("prepare|parse");
        }
    }

    static void prepare(Path data, String format, String split, int iterations) throws Exception {
        Path work = Files.createTempDirectory("prepare-bench");
        try (LocalS3Server server = LocalS3Server.inMemory(); S3Client s3 = server.client()) {
            server.createBucket("bench");
            ObjectStore store = new S3ObjectStore(s3, "bench");
            try (Stream<Path> files = Files.list(data)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    store.put("raw/data/" + file.getFileName(), file, "application/octet-stream");
                }
            }
            PrepareService service = new PrepareService(store, work, false, Clock.systemUTC());
            PrepareRequestParser parser = new PrepareRequestParser(PrepareDefaults.STANDARD);
            ObjectMapper json = new ObjectMapper();
            double[] seconds = new double[iterations];
            for (int i = 0; i < iterations; i++) {
                String body = "{\"source\":\"s3://bench/raw/data/\",\"format\":\"" + format + "\",\"split\":\"" + split
                        + "\",\"negatives\":4,\"seed\":" + (1000 + i) + "}";
                long started = System.nanoTime();
                PrepareResult result = service.prepare(parser.parse(json.readTree(body)));
                seconds[i] = (System.nanoTime() - started) / 1e9;
                if (result.reused()) {
                    throw new IllegalStateException("iteration " + i + " reused a dataset: the benchmark must write");
                }
                System.out.printf("prepare iteration %d: %.3f s (%s)%n", i, seconds[i], result.manifest().timingsSeconds());
            }
            report("prepare (warm, whole function incl. S3 up/download)", seconds, iterations / 2);
        }
    }

    static void parse(Path data, RatingsFormat format, int iterations) throws Exception {
        double[] seconds = new double[iterations];
        long rows = 0;
        Path scratch = Files.createTempDirectory("parse-bench");
        for (int i = 0; i < iterations; i++) {
            try (SourceFiles files = SourceFiles.open(data);
                 Rejections rejections = new Rejections(scratch.resolve("rejected.tsv.gz"))) {
                RawReader.Read read = RawReader.read(RawInput.resolve(files, format, CsvOptions.DEFAULT), rejections);
                seconds[i] = read.parseSeconds();
                rows = read.counts().rowsRead();
            }
        }
        double best = report("parse", seconds, iterations / 2);
        System.out.printf("parse: %,d rows, %,.0f rows/s (best of the later half)%n", rows, rows / best);
    }

    private static double report(String what, double[] seconds, int skip) {
        double[] measured = Arrays.copyOfRange(seconds, Math.min(skip, seconds.length - 1), seconds.length);
        Arrays.sort(measured);
        System.out.printf("%s: %d measured runs after %d warm-up: min %.3f s, median %.3f s, max %.3f s%n", what,
                measured.length, seconds.length - measured.length, measured[0], measured[measured.length / 2],
                measured[measured.length - 1]);
        return measured[0];
    }
}
