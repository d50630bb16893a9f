package dev.herald.broker.server.websocket;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's side of the opening handshake (RFC 6455 section 4.2) for one listener: the
 * answer to a client's HTTP request head. A GET of the listener's path that asks to upgrade
 * to WebSocket version 13 with a valid key is answered 101 with the key's accept value; if
 * it offers subprotocols, the carried protocol's must be among them and is echoed (MQTT
 * 3.1.1 and 5.0, section 6); a client that offers none is accepted too, for the clients that
 * cannot name one. Any other request gets an HTTP error whose body says why: 404 for
 * another path, 426 with {@code Sec-WebSocket-Version: 13} for another version, 400 for the
 * rest.
 */
final class Handshake {

    /** The bound of a request head, in bytes: past it the answer is 431. */
    static final int MAX_HEAD = 8 * 1024;
    /** Appended to the client's key before hashing (section 1.3). */
    private static final String KEY_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * What the server answers.
     *
     * @param status      the HTTP status: 101 when the connection goes on in WebSocket frames
     * @param why         the reason of a refusal, for the client (in the body) and the logs
     * @param bytes       the response to write
     */
    record Answer(int status, String why, byte[] bytes) {
        boolean accepted() {
            return status == 101;
        }
    }

    private final String path;
    private final String subprotocol;

    /**
     * @param path        the path the listener serves, e.g. {@code /mqtt}
     * @param subprotocol the carried protocol's name, e.g. {@code mqtt}
     */
    Handshake(String path, String subprotocol) {
        this.path = path;
        this.subprotocol = subprotocol;
    }

    /** The answer to a request head, as {@link WebSocketInputStream#readHead} read it. */
    Answer answer(String head) {
        String[] lines = head.split("\r?\n");
        if (lines.length == 0) {
            return refuse(400, "an empty request");
        }
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !requestLine[2].matches("HTTP/1\\.[1-9]")) {
            return refuse(400, "not an HTTP/1.1 request line: '" + printable(lines[0]) + "'");
        }
        if (!requestLine[0].equals("GET")) {
            return refuse(400, "a WebSocket handshake is a GET request, not " + printable(requestLine[0]));
        }
        String target = path(requestLine[1]);
        if (target == null) {
            return refuse(400, "not a request target: '" + printable(requestLine[1]) + "'");
        }
        if (!target.equals(path)) {
            return refuse(404, "no WebSocket endpoint at " + printable(target) + "; this listener's path is " + path);
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (line.isEmpty()) {
                continue;
            }
            if (colon <= 0 || !token(line.substring(0, colon))) {
                return refuse(400, "not a header line: '" + printable(line) + "'");
            }
            headers.merge(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                    (a, b) -> a + "," + b);
        }
        if (!headers.containsKey("host")) {
            return refuse(400, "the request has no Host header");
        }
        if (!values(headers, "upgrade").contains("websocket")) {
            return refuse(400, "not a WebSocket upgrade: the request has no 'Upgrade: websocket' header");
        }
        if (!values(headers, "connection").contains("upgrade")) {
            return refuse(400, "not a WebSocket upgrade: the request has no 'Connection: Upgrade' header");
        }
        String version = headers.get("sec-websocket-version");
        if (version == null) {
            return refuse(400, "the request has no Sec-WebSocket-Version header");
        }
        if (!version.equals(Rfc6455.VERSION)) {
            return refuse(426, "WebSocket version " + printable(version) + " is not served; the version is 13",
                    "Sec-WebSocket-Version: " + Rfc6455.VERSION);
        }
        String key = headers.get("sec-websocket-key");
        if (key == null || !validKey(key)) {
            return refuse(400, "the request has no Sec-WebSocket-Key of 16 bytes in base64");
        }
        List<String> offered = tokens(headers.get("sec-websocket-protocol"));
        if (!offered.isEmpty() && !offered.contains(subprotocol)) {
            return refuse(400, "the client offers the subprotocols " + printable(String.join(", ", offered))
                    + ", not " + subprotocol);
        }
        StringBuilder response = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Accept: ").append(accept(key)).append("\r\n");
        if (!offered.isEmpty()) {
            response.append("Sec-WebSocket-Protocol: ").append(subprotocol).append("\r\n");
        }
        return new Answer(101, null, response.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The answer to a request head over {@link #MAX_HEAD} bytes. */
    static Answer tooLarge() {
        return refuse(431, "the request head is longer than " + MAX_HEAD + " bytes");
    }

    /**
     * An HTTP error response that says why and closes the connection.
     *
     * @param headers extra header lines, without their CRLF
     */
    static Answer refuse(int status, String why, String... headers) {
        byte[] body = (why + "\n").getBytes(StandardCharsets.UTF_8);
        StringBuilder response = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reasonPhrase(status))
                .append("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ").append(body.length)
                .append("\r\nConnection: close\r\n");
        for (String header : headers) {
            response.append(header).append("\r\n");
        }
        byte[] head = response.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] bytes = new byte[head.length + body.length];
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(body, 0, bytes, head.length, body.length);
        return new Answer(status, why, bytes);
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 426 -> "Upgrade Required";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    /** The value of {@code Sec-WebSocket-Accept} for a key (section 4.2.2): the key and the GUID, hashed with SHA-1, in base64. */
    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + KEY_GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static boolean validKey(String key) {
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The path of a request target, origin form ({@code /mqtt?x=1}) or absolute ({@code ws://host/mqtt}); null if it is neither. */
    private static String path(String target) {
        try {
            URI uri = new URI(target);
            String rawPath = uri.getRawPath();
            if (rawPath == null || (uri.isAbsolute() ? uri.getHost() == null : !rawPath.startsWith("/"))) {
                return null;
            }
            return rawPath.isEmpty() ? "/" : rawPath;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /** The comma-separated tokens of a header, lower case. */
    private static List<String> values(Map<String, String> headers, String name) {
        return tokens(headers.get(name)).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }

    /** The comma-separated tokens of a header value, as sent; none for an absent header. */
    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        if (value != null) {
            for (String t : value.split(",")) {
                if (!t.isBlank()) {
                    tokens.add(t.strip());
                }
            }
        }
        return tokens;
    }

    /** Whether a header name is an HTTP token (RFC 9110 section 5.6.2). */
    private static boolean token(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** A piece of the request, cut short and with control characters replaced, to quote in an answer. */
    private static String printable(String text) {
        String cut = text.length() > 100 ? text.substring(0, 100) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
