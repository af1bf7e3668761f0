package dev.lambdarec.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import redis.embedded.RedisServer;

/** A real Redis server (embedded-redis ships the binaries) on a free loopback port, no persistence. */
public final class LocalRedisServer implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private LocalRedisServer(int port, java.nio.file.Path dataDir) throws IOException {
        this.port = port;
        var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"");
        if (dataDir == null) {
            builder.setting("appendonly no");
        } else {
            java.nio.file.Files.createDirectories(dataDir);
            builder.setting("appendonly yes").setting("appendfsync always").setting("dir " + dataDir.toAbsolutePath());
        }
        this.server = builder.build();
    }

    /** In memory only, on a free port. */
    public static LocalRedisServer start() throws IOException {
        return start(LocalS3Server.freePort(), null);
    }

    /** With an append-only file under {@code dataDir} (survives a restart on the same port), or in memory when null. */
    public static LocalRedisServer start(int port, java.nio.file.Path dataDir) throws IOException {
        LocalRedisServer redis = new LocalRedisServer(port, dataDir);
        redis.server.start();
        redis.awaitAccepting();
        return redis;
    }

    private void awaitAccepting() throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("Redis did not accept connections on port " + port, e);
                }
            }
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public void stop() throws IOException {
        if (server.isActive()) {
            server.stop();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
