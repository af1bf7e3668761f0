package dev.lambdarec.batch.redis;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SSLSocketFactory;

/**
 * One Redis connection that sends a whole batch of {@code SET key value EX ttl} as preformatted RESP in one
 * write and then reads the replies: the bulk-write path of a batch run. (Through the general-purpose client each
 * SET cost a request object and a future, which held writes to under a fifth of redis-benchmark's rate.)
 * Supports redis:// and rediss:// (TLS, as ElastiCache requires) URIs with an optional password.
 */
final class RespPipeline implements AutoCloseable {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SET_HEADER = "*3\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final OutputStream raw;
    private final InputStream in;

    RespPipeline(URI uri) throws IOException {
        this(uri, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /** @param tlsFactory the TLS sockets for {@code rediss://} (the JVM's default trust unless a test gives its own) */
    RespPipeline(URI uri, SSLSocketFactory tlsFactory) throws IOException {
        boolean tls = "rediss".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.setSoTimeout(30_000);
        plain.connect(new InetSocketAddress(uri.getHost(), port), 10_000);
        this.socket = tls ? verifiedTls(tlsFactory, plain, uri.getHost(), port) : plain;
        this.raw = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            String[] parts = userInfo.split(":", 2);
            List<String> auth = parts.length == 2 && !parts[0].isEmpty() ? List.of("AUTH", parts[0], parts[1]) : List.of("AUTH", parts[parts.length - 1]);
            command(auth);
            flushBuffer();
            raw.flush();
            String reply = reply();
            if (reply.startsWith("-")) {
                throw new IOException("Redis refused AUTH: " + reply.substring(1));
            }
        }
    }

    /**
     * Sends every SET, then checks every reply; the first error reply fails the batch (after draining it).
     * Commands are encoded by hand into one reused buffer (ASCII copied char by char, anything else through
     * UTF-8) and handed to the socket 64 KB at a time, so Redis starts on the batch while the rest is encoded.
     */
    void setAll(List<String> keys, List<String> values, List<List<String>> more) throws IOException {
        for (int n = 0; n < keys.size(); n++) {
            put(SET_HEADER);
            bulk(keys.get(n));
            bulk(values.get(n));
            if (length > FLUSH_AT) {
                flushBuffer();
            }
        }
        for (List<String> command : more) {
            command(command);
            if (length > FLUSH_AT) {
                flushBuffer();
            }
        }
        flushBuffer();
        raw.flush();
        String error = null;
        for (int n = 0; n < keys.size() + more.size(); n++) {
            String reply = reply();
            if (error == null && reply.startsWith("-")) {
                error = reply.substring(1);
            }
        }
        if (error != null) {
            throw new IOException("Redis refused a SET: " + error);
        }
    }

    /** Commands whose replies are one line each (EXPIRE, PERSIST, SADD, ...), pipelined. */
    void run(List<List<String>> commands) throws IOException {
        setAll(List.of(), List.of(), commands);
    }

    private static final int FLUSH_AT = 1 << 16;
    private byte[] buffer = new byte[FLUSH_AT + 4096];
    private int length;

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void putLength(int value) {
        ensure(16);
        buffer[length++] = '$';
        if (value == 0) {
            buffer[length++] = '0';
        } else {
            int start = length;
            for (int v = value; v > 0; v /= 10) {
                buffer[length++] = (byte) ('0' + v % 10);
            }
            for (int a = start, b = length - 1; a < b; a++, b--) {
                byte t = buffer[a];
                buffer[a] = buffer[b];
                buffer[b] = t;
            }
        }
        buffer[length++] = '\r';
        buffer[length++] = '\n';
    }

    private void bulk(byte[] value) {
        putLength(value.length);
        put(value);
        put(CRLF);
    }

    /** A string as a bulk string: ASCII without an intermediate byte array. */
    private void bulk(String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            if (value.charAt(i) >= 0x80) {
                bulk(value.getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        putLength(n);
        ensure(n + 2);
        for (int i = 0; i < n; i++) {
            buffer[length++] = (byte) value.charAt(i);
        }
        buffer[length++] = '\r';
        buffer[length++] = '\n';
    }

    private void flushBuffer() throws IOException {
        raw.write(buffer, 0, length);
        length = 0;
    }

    private void command(List<String> args) {
        put(('*' + Integer.toString(args.size())).getBytes(StandardCharsets.US_ASCII));
        put(CRLF);
        for (String arg : args) {
            bulk(arg);
        }
    }

    /** One simple reply line (+OK or -ERR ...); SET and AUTH answer with nothing else. */
    private String reply() throws IOException {
        StringBuilder line = new StringBuilder(8);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Redis closed the connection");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new IOException("malformed reply from Redis: " + line);
                }
                return line.toString();
            }
            line.append((char) b);
        }
    }

    /**
     * TLS over the connected socket, with the server's certificate checked against the host name (as HTTPS does):
     * a certificate for another host is refused, not just one from an unknown authority.
     */
    static Socket verifiedTls(SSLSocketFactory factory, Socket plain, String host, int port) throws IOException {
        javax.net.ssl.SSLSocket tls = (javax.net.ssl.SSLSocket) factory.createSocket(plain, host, port, true);
        javax.net.ssl.SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
