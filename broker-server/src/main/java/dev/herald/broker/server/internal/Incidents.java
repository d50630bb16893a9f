package dev.herald.broker.server.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names for failures the server does not explain to a client: the client gets the name, the
 * log gets it with the details, so an operator finds one from the other and a client learns
 * nothing of the server's insides (no exception text, no SQL, no paths).
 */
public final class Incidents {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Incidents() {
    }

    /** A new incident name: 12 hex digits. */
    public static String next() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
