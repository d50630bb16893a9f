package dev.herald.broker.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A line client as a user would drive the server with {@code nc}: send frames, read the
 * server's lines with a deadline.
 */
final class LineClient implements AutoCloseable {

    static final int DEADLINE_MS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;

    LineClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(DEADLINE_MS);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static LineClient connect(int port) throws IOException {
        return new LineClient(new Socket("127.0.0.1", port));
    }

    /** Connects and starts a session with {@code CONN <id>}. */
    static LineClient session(int port, String clientId) throws IOException {
        LineClient c = connect(port);
        c.send("CONN " + clientId);
        c.expect("CONN_ACK NEW 0");
        return c;
    }

    LineClient send(String frame) throws IOException {
        return sendRaw((frame + "\n").getBytes(StandardCharsets.UTF_8));
    }

    LineClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** The next line from the server, without its LF; fails at end of stream or after the deadline. */
    String next() throws IOException {
        String line = readLine();
        if (line == null) {
            fail("the server closed the connection instead of sending a line");
        }
        return line;
    }

    List<String> next(int n) throws IOException {
        List<String> lines = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lines.add(next());
        }
        return lines;
    }

    void expect(String line) throws IOException {
        assertEquals(line, next());
    }

    /** Expects a line starting with {@code prefix} and returns it. */
    String expectPrefix(String prefix) throws IOException {
        String line = next();
        assertTrue(line.startsWith(prefix), () -> "expected a line starting with '" + prefix + "' but got '" + line + "'");
        return line;
    }

    /** Expects an {@code ERR <code> ...} line. */
    String expectError(String code) throws IOException {
        return expectPrefix("ERR " + code + " ");
    }

    /** Expects the server to close the connection (after any lines still to come, which must be none). */
    void expectClosed() throws IOException {
        String line = readLine();
        if (line != null) {
            fail("expected the connection to be closed, got: " + line);
        }
    }

    /** Whether anything from the server has arrived and not been read yet; does not wait. */
    boolean hasInput() throws IOException {
        return pos < limit || in.available() > 0;
    }

    /** Reads lines until the server closes the connection; returns them. */
    List<String> readUntilClosed() throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = readLine()) != null) {
            lines.add(line);
        }
        return lines;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                if (pos == limit) {
                    limit = in.read(buffer, 0, buffer.length);
                    pos = 0;
                    if (limit < 0) {
                        limit = 0;
                        if (line.size() > 0) {
                            fail("the connection closed in the middle of a line: " + line.toString(StandardCharsets.UTF_8));
                        }
                        return null;
                    }
                }
                int start = pos;
                while (pos < limit && buffer[pos] != '\n') {
                    pos++;
                }
                line.write(buffer, start, pos - start);
                if (pos < limit) {
                    pos++;
                    return line.toString(StandardCharsets.UTF_8);
                }
            }
        } catch (SocketTimeoutException e) {
            fail("no line from the server within " + DEADLINE_MS + " ms (got so far: '" + line.toString(StandardCharsets.UTF_8) + "')");
            return null;
        } catch (java.net.SocketException e) {
            if (line.size() == 0) {
                return null; // reset by the server: closed
            }
            throw e;
        }
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
