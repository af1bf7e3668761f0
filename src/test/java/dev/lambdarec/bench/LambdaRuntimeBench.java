package dev.lambdarec.bench;

import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.testing.RuntimeApiStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged function (target/lambdarec-*-runner.jar, the jar function.zip holds) under a minimal AWS Lambda Runtime API served
 * here (the protocol the Lambda service, and Quarkus' mock event server, speak): measures JVM start to first
 * response, then the latency of each invocation as the runtime API sees it.
 * {@code LambdaRuntimeBench STORE_DIR BUCKET FUNCTION BODY_FILE INVOCATIONS} (the store holds a promoted model,
 * e.g. from scripts/run-local.sh --store STORE_DIR). {@code {n}} in the body becomes the invocation's number (fresh
 * event ids for the events function, which also gets a Redis server of its own here). STORE_DIR {@code memory}: the
 * in-process S3 server keeps objects in memory (the events bench, whose disk-backed PUT is the local file system's
 * write and rename, 4-5 ms here, not the function's).
 */
public final class LambdaRuntimeBench {
    public static void main(String[] args) throws Exception {
        Path store = args[0].equals("memory") ? null : Path.of(args[0]);
        String bucket = args[1];
        String function = args[2];
        String body = Files.readString(Path.of(args[3]));
        int invocations = Integer.parseInt(args[4]);
        try {
            run(store, bucket, function, body, invocations);
        } catch (Exception e) { // the runtime API's threads would keep the JVM alive: fail, and stop
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Path store, String bucket, String function, String body, int invocations) throws Exception {
        try (RuntimeApiStub api = new RuntimeApiStub(); LocalS3Server s3 = store == null ? LocalS3Server.inMemory() : LocalS3Server.onDisk(store);
             dev.lambdarec.local.LocalRedisServer redis = function.equals("events") ? dev.lambdarec.local.LocalRedisServer.start() : null) {
            if (store == null || !Files.isDirectory(store.resolve(bucket))) {
                s3.createBucket(bucket);
            }
            // the managed java21 runtime: AWS's runtime interface client polling the API and calling the handler
            ProcessBuilder builder = api.runtime(runnerJar(), "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest")
                    .redirectErrorStream(true).redirectOutput(Path.of("target/lambda-runtime-bench.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_FUNQY_EXPORT", function);
            env.put("LAMBDAREC_BUCKET", bucket);
            env.putAll(s3Environment(s3));
            env.put("QUARKUS_LOG_LEVEL", "WARN");
            if (redis != null) {
                env.put("QUARKUS_REDIS_HOSTS", redis.uri());
            }
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                String first = api.invoke(body.replace("{n}", "first")).get(60, TimeUnit.SECONDS);
                double init = (System.nanoTime() - started) / 1e6;
                System.out.printf("JVM start to first response (incl. loading the model from S3): %.0f ms%n", init);
                System.out.println("first response: " + (first.length() > 160 ? first.substring(0, 160) + "..." : first));
                long[] nanos = new long[invocations];
                for (int n = 0; n < invocations; n++) {
                    long t = System.nanoTime();
                    api.invoke(body.replace("{n}", Integer.toString(n))).get(30, TimeUnit.SECONDS);
                    nanos[n] = System.nanoTime() - t;
                }
                long[] measured = Arrays.copyOfRange(nanos, invocations / 2, invocations); // later half: warm
                Arrays.sort(measured);
                System.out.printf("%d invocations through the runtime API (later half, warm): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                        invocations, measured[measured.length / 2] / 1e6, measured[(int) (measured.length * 0.99)] / 1e6,
                        measured[measured.length - 1] / 1e6);
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        System.exit(0);
    }

    /** The environment that points a packaged function's S3 client at the local server. */
    public static Map<String, String> s3Environment(LocalS3Server s3) {
        return Map.of("QUARKUS_S3_ENDPOINT_OVERRIDE", s3.endpoint().toString(),
                "QUARKUS_S3_PATH_STYLE_ACCESS", "true",
                "QUARKUS_S3_AWS_REGION", LocalS3Server.REGION,
                "QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static",
                "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", LocalS3Server.ACCESS_KEY,
                "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", LocalS3Server.SECRET_KEY);
    }

    private static String runnerJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-runner.jar: run ./mvnw package first")).toString();
        }
    }
}
