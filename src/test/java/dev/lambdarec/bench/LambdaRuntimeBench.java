package dev.lambdarec.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lambdarec.local.LocalS3Server;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The packaged function (target/lambdarec-*-runner.jar, the jar function.zip holds) under a minimal AWS Lambda Runtime API served
 * here (the protocol the Lambda service, and Quarkus' mock event server, speak): measures JVM start to first
 * response, then the latency of each invocation as the runtime API sees it.
 * {@code LambdaRuntimeBench STORE_DIR BUCKET FUNCTION BODY_FILE INVOCATIONS} (the store holds a promoted model,
 * e.g. from scripts/run-local.sh --store STORE_DIR).
 */
public final class LambdaRuntimeBench {
    private static final String API = "/2018-06-01/runtime";
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        Path store = Path.of(args[0]);
        String bucket = args[1];
        String function = args[2];
        String body = Files.readString(Path.of(args[3]));
        int invocations = Integer.parseInt(args[4]);
        new LambdaRuntimeBench().run(store, bucket, function, body, invocations);
    }

    private void run(Path store, String bucket, String function, String body, int invocations) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else Nagle + delayed ACK add ~40 ms per call
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(API + "/invocation/next", this::next);
        server.createContext(API + "/invocation/", this::result);
        server.createContext(API + "/init/error", exchange -> {
            System.err.println("init error: " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            reply(exchange, 202, "");
        });
        server.start();
        try (LocalS3Server s3 = LocalS3Server.onDisk(store)) {
            // the managed java21 runtime: AWS's runtime interface client polling the API and calling the handler
            String classpath = runnerJar() + java.io.File.pathSeparator + runtimeClientJars();
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx1g", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-cp", classpath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda",
                    "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest").redirectErrorStream(true).redirectOutput(Path.of("target/lambda-runtime-bench.log").toFile());
            Map<String, String> env = builder.environment();
            env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
            env.put("QUARKUS_FUNQY_EXPORT", function);
            env.put("LAMBDAREC_BUCKET", bucket);
            env.put("QUARKUS_S3_ENDPOINT_OVERRIDE", s3.endpoint().toString());
            env.put("QUARKUS_S3_PATH_STYLE_ACCESS", "true");
            env.put("QUARKUS_S3_AWS_REGION", LocalS3Server.REGION);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_TYPE", "static");
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", LocalS3Server.ACCESS_KEY);
            env.put("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", LocalS3Server.SECRET_KEY);
            env.put("QUARKUS_LOG_LEVEL", "WARN");
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                String first = invoke(body).get(60, TimeUnit.SECONDS);
                double init = (System.nanoTime() - started) / 1e6;
                System.out.printf("JVM start to first response (incl. loading the model from S3): %.0f ms%n", init);
                System.out.println("first response: " + (first.length() > 160 ? first.substring(0, 160) + "..." : first));
                long[] nanos = new long[invocations];
                for (int n = 0; n < invocations; n++) {
                    long t = System.nanoTime();
                    invoke(body).get(30, TimeUnit.SECONDS);
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
                server.stop(0);
            }
        }
        System.exit(0);
    }

    private static String runnerJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/*-runner.jar: run ./mvnw package first")).toString();
        }
    }

    /** The runtime interface client and its serialization library, from this JVM's class path. */
    private static String runtimeClientJars() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client") || entry.contains("aws-lambda-java-serialization"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private CompletableFuture<String> invoke(String body) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<String> response = new CompletableFuture<>();
        pending.put(id, response);
        events.add(new String[] {id, body});
        return response;
    }

    private void next(HttpExchange exchange) throws IOException {
        try {
            String[] event = events.take();
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event[0]);
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:bench");
            exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000");
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            reply(exchange, 200, event[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void result(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.substring((API + "/invocation/").length()).split("/");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        CompletableFuture<String> response = pending.remove(parts[0]);
        if (response != null) {
            if (parts.length > 1 && parts[1].equals("error")) {
                response.completeExceptionally(new IllegalStateException("function error: " + body));
            } else {
                response.complete(body);
            }
        }
        reply(exchange, 202, "");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }
}
