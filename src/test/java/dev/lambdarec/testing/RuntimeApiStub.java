package dev.lambdarec.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The AWS Lambda Runtime API (the protocol the Lambda service speaks to a function's runtime: GET
 * /invocation/next, POST /invocation/<id>/response or /error) served in-process, so a packaged function can run
 * under AWS's own runtime interface client exactly as the managed java runtimes start it.
 */
public final class RuntimeApiStub implements AutoCloseable {
    private static final String API = "/2018-06-01/runtime";
    private final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final HttpServer server;

    public RuntimeApiStub() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else Nagle + delayed ACK add ~40 ms per call
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(API + "/invocation/next", this::next);
        server.createContext(API + "/invocation/", this::result);
        server.createContext(API + "/init/error", exchange -> {
            String error = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("init error: " + error)));
            reply(exchange, 202, "");
        });
        server.start();
    }

    /** What AWS_LAMBDA_RUNTIME_API is set to for the runtime. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * A process running {@code handler} from {@code classpath} under AWS's runtime interface client (taken from this
     * JVM's class path), polling this API.
     */
    public ProcessBuilder runtime(String classpath, String handler) {
        String client = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> entry.contains("aws-lambda-java-runtime-interface-client") || entry.contains("aws-lambda-java-serialization"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx1g", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-cp", classpath + java.io.File.pathSeparator + client, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler);
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", address());
        return builder;
    }

    /** Queues an event; the future completes with the function's response (exceptionally on its error). */
    public CompletableFuture<String> invoke(String body) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<String> response = new CompletableFuture<>();
        pending.put(id, response);
        events.add(new String[] {id, body});
        return response;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void next(HttpExchange exchange) throws IOException {
        try {
            String[] event = events.take();
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", event[0]);
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 60_000));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:stub");
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
