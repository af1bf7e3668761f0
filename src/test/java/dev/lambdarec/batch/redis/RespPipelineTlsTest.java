package dev.lambdarec.batch.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk writer's TLS against a real TLS Redis (Debian's redis-server, which .ci/run installs; openssl makes a
 * CA and two server certificates): a certificate for this host is accepted, one signed by the same trusted CA but
 * naming another host is refused. A handshake that checks the chain alone accepts the second (checked too), so the
 * test tells the two apart. Skipped, saying so, on a machine without a TLS-capable redis-server or openssl.
 */
@Timeout(120)
class RespPipelineTlsTest {
    @TempDir
    Path dir;

    @Test
    void aCertificateNamingAnotherHostIsRefused() throws Exception {
        Assumptions.assumeTrue(onPath("redis-server") && onPath("openssl"),
                "skipped: needs redis-server (with TLS) and openssl on PATH; .ci/run installs Debian's redis-server");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=lambdarec test CA",
                "-keyout", "ca.key", "-out", "ca.crt");
        serverCertificate("right", "localhost");
        serverCertificate("wrong", "redis.another-host.example");
        SSLSocketFactory trustingTheCa = trusting(dir.resolve("ca.crt"));

        try (TlsRedis redis = new TlsRedis("right")) {
            try (RespPipeline pipeline = new RespPipeline(URI.create("rediss://localhost:" + redis.port), trustingTheCa)) {
                pipeline.setAll(List.of("rec:20261122T020000Z:u1"), List.of("{\"user\":\"u1\"}"), List.of());
            }
        }
        try (TlsRedis redis = new TlsRedis("wrong")) {
            assertThatThrownBy(() -> new RespPipeline(URI.create("rediss://localhost:" + redis.port), trustingTheCa).close())
                    .isInstanceOf(SSLHandshakeException.class).hasMessageContaining("localhost");
            // the same certificate passes a handshake that checks the chain alone: what the old code did
            try (Socket plain = new Socket("localhost", redis.port);
                 javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) trustingTheCa.createSocket(plain, "localhost", redis.port, true)) {
                tls.startHandshake();
                assertThat(tls.getSession().getPeerCertificates()).isNotEmpty();
            }
        }
    }

    private void serverCertificate(String name, String host) throws Exception {
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=DNS:" + host + "\n");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + host, "-keyout", name + ".key", "-out", name + ".csr");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
                "-extfile", name + ".ext", "-out", name + ".crt");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean done = process.waitFor(60, TimeUnit.SECONDS);
        assertThat(done && process.exitValue() == 0).as("openssl %s: %s", String.join(" ", args), Files.readString(log)).isTrue();
    }

    private static SSLSocketFactory trusting(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caCertificate))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context.getSocketFactory();
    }

    private static boolean onPath(String program) {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }

    /**
     * redis-server with only a TLS port, on a free port, waited for on its own "Ready to accept connections" line
     * (the event, read as it is written; no clock). If it exits first, this redis-server cannot serve TLS. A hang is
     * caught by the suite's default test timeout.
     */
    private final class TlsRedis implements AutoCloseable {
        final int port;
        final Process process;

        TlsRedis(String certificate) throws Exception {
            try (ServerSocket probe = new ServerSocket(0)) {
                port = probe.getLocalPort();
            }
            process = new ProcessBuilder("redis-server", "--port", "0", "--tls-port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--tls-cert-file", certificate + ".crt", "--tls-key-file", certificate + ".key", "--tls-ca-cert-file", "ca.crt",
                    "--tls-auth-clients", "no", "--save", "", "--appendonly", "no")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
            StringBuilder output = new StringBuilder();
            java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            for (String line = lines.readLine(); ; line = lines.readLine()) {
                if (line == null) {
                    Assumptions.abort("skipped: this redis-server cannot serve TLS: " + output);
                }
                output.append(line).append('\n');
                if (line.contains("Ready to accept connections")) {
                    break;
                }
            }
            Thread drain = new Thread(() -> lines.lines().forEach(line -> { })); // keep its pipe from filling
            drain.setDaemon(true);
            drain.start();
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
