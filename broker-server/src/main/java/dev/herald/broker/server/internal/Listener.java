package dev.herald.broker.server.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One listener of {@code broker.listeners}: a protocol on an address, with or without TLS,
 * written {@code scheme://host:port}. The schemes are {@code herald} and {@code heralds} (the
 * line protocol, plain and TLS), those of the protocol modules present ({@code mqtt},
 * {@code mqtts}), and {@code ws} and {@code wss}: WebSocket, plain and TLS, carrying the
 * protocol of a module that names a WebSocket subprotocol (MQTT), written
 * {@code ws://host:port/path}.
 *
 * @param scheme the scheme, lower case
 * @param host   the address to bind
 * @param port   the port; 0 picks a free one
 * @param path   a WebSocket listener's path ({@value #DEFAULT_WEBSOCKET_PATH} unless given);
 *               empty for the others
 */
public record Listener(String scheme, String host, int port, String path) {

    /** The line protocol's plain and TLS schemes. */
    public static final String HERALD = "herald";
    public static final String HERALDS = "heralds";
    /** WebSocket's plain and TLS schemes. */
    public static final String WS = "ws";
    public static final String WSS = "wss";
    /** The path of a WebSocket listener that names none: the one MQTT clients use by convention. */
    public static final String DEFAULT_WEBSOCKET_PATH = "/mqtt";

    public Listener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port of a listener is between 0 and 65535: " + port);
        }
        boolean webSocket = scheme.equals(WS) || scheme.equals(WSS);
        if (path == null || path.isEmpty()) {
            path = webSocket ? DEFAULT_WEBSOCKET_PATH : "";
        } else if (!webSocket) {
            throw new IllegalArgumentException("only ws:// and wss:// listeners have a path: "
                    + scheme + "://" + host + ":" + port + path);
        } else if (!path.startsWith("/")) {
            throw new IllegalArgumentException("the path of a WebSocket listener starts with /: " + path);
        }
    }

    /** A listener without a path: a WebSocket listener's is {@value #DEFAULT_WEBSOCKET_PATH}. */
    public Listener(String scheme, String host, int port) {
        this(scheme, host, port, "");
    }

    /** Whether it serves TLS: {@code wss}, and the other schemes that end in {@code s} ({@code heralds}, {@code mqtts}). */
    public boolean secure() {
        return scheme.equals(WSS) || (!webSocket() && scheme.endsWith("s"));
    }

    /** Whether it serves WebSocket ({@code ws}, {@code wss}), carrying another protocol. */
    public boolean webSocket() {
        return scheme.equals(WS) || scheme.equals(WSS);
    }

    /** Whether it serves the line protocol. */
    public boolean lineProtocol() {
        return scheme.equals(HERALD) || scheme.equals(HERALDS);
    }

    /**
     * Parses a comma-separated list of listeners.
     *
     * @throws IllegalArgumentException for an empty list, or a listener that is not {@code scheme://host:port}
     */
    public static List<Listener> parseList(String text) {
        List<Listener> listeners = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                listeners.add(parse(item.strip()));
            }
        }
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("broker.listeners is empty (give scheme://host:port, separated by commas)");
        }
        return listeners;
    }

    /**
     * Parses {@code scheme://host:port}, or {@code ws://host:port/path}; an IPv6 host goes in brackets.
     *
     * @throws IllegalArgumentException when it is not of that form
     */
    public static Listener parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("broker.listeners: '" + text + "' is not scheme://host:port", e);
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0 || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("broker.listeners: '" + text + "' is not scheme://host:port");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new Listener(uri.getScheme().toLowerCase(Locale.ROOT), host, uri.getPort(), uri.getRawPath());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker.listeners: '" + text + "': " + e.getMessage(), e);
        }
    }

    /** The same listener on another port: the one it bound. */
    public Listener withPort(int port) {
        return new Listener(scheme, host, port, path);
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + path;
    }
}
