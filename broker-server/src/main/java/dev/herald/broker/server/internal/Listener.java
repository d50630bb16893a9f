package dev.herald.broker.server.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One listener of {@code broker.listeners}: a protocol on an address, with or without TLS,
 * written {@code scheme://host:port}. The schemes are {@code herald} and {@code heralds} (the
 * line protocol, plain and TLS) and those of the protocol modules present ({@code mqtt},
 * {@code mqtts}).
 *
 * @param scheme the scheme, lower case
 * @param host   the address to bind
 * @param port   the port; 0 picks a free one
 */
public record Listener(String scheme, String host, int port) {

    /** The line protocol's plain and TLS schemes. */
    public static final String HERALD = "herald";
    public static final String HERALDS = "heralds";

    public Listener {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port of a listener is between 0 and 65535: " + port);
        }
    }

    /** Whether it serves TLS: its scheme ends in {@code s} ({@code heralds}, {@code mqtts}). */
    public boolean secure() {
        return scheme.endsWith("s");
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
     * Parses {@code scheme://host:port}; an IPv6 host goes in brackets.
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
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("broker.listeners: '" + text + "' is not scheme://host:port");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Listener(uri.getScheme().toLowerCase(Locale.ROOT), host, uri.getPort());
    }

    @Override
    public String toString() {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
