package dev.lambdarec.batch.redis;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
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
    private static final byte[] SET_HEADER = "*5\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EX = "$2\r\nEX\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RespPipeline(URI uri) throws IOException {
        boolean tls = "rediss".equals(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        this.socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(new InetSocketAddress(uri.getHost(), port), 10_000);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
        this.in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            String[] parts = userInfo.split(":", 2);
            List<String> auth = parts.length == 2 && !parts[0].isEmpty() ? List.of("AUTH", parts[0], parts[1]) : List.of("AUTH", parts[parts.length - 1]);
            command(auth);
            out.flush();
            reply();
        }
    }

    /** Sends every SET, then checks every reply; the first error reply fails the batch (after draining it). */
    void setAll(List<String> keys, List<String> values, long ttlSeconds) throws IOException {
        byte[] ttl = Long.toString(ttlSeconds).getBytes(StandardCharsets.US_ASCII);
        for (int n = 0; n < keys.size(); n++) {
            out.write(SET_HEADER);
            bulk(keys.get(n).getBytes(StandardCharsets.UTF_8));
            bulk(values.get(n).getBytes(StandardCharsets.UTF_8));
            out.write(EX);
            bulk(ttl);
        }
        out.flush();
        String error = null;
        for (int n = 0; n < keys.size(); n++) {
            String reply = reply();
            if (error == null && reply.startsWith("-")) {
                error = reply.substring(1);
            }
        }
        if (error != null) {
            throw new IOException("Redis refused a SET: " + error);
        }
    }

    private void command(List<String> args) throws IOException {
        out.write(('*' + Integer.toString(args.size())).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        for (String arg : args) {
            bulk(arg.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void bulk(byte[] value) throws IOException {
        out.write('$');
        out.write(Integer.toString(value.length).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(value);
        out.write(CRLF);
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

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
