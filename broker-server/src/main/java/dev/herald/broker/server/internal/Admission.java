package dev.herald.broker.server.internal;

import dev.herald.broker.model.Durations;
import dev.herald.broker.api.spi.Connection;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.lang.System.Logger.Level.DEBUG;

/**
 * The connections that have not logged in yet: each must complete its TLS handshake and its
 * {@code CONN}/{@code RECON} within the connect timeout, or {@link #closeLate} closes it; and
 * one source address may hold only so many of them at once. A client that logs in normally
 * meets neither limit.
 */
final class Admission {

    private static final System.Logger LOG = System.getLogger(Admission.class.getName());

    /** One accepted connection, until it logs in or closes. */
    final class Pending {
        /** The transport's connection, then the one its protocol serves ({@link Protocol#open}). */
        private volatile Connection connection;
        private final String address;
        private final long since;
        private final boolean placed;
        private final AtomicBoolean done = new AtomicBoolean();

        private Pending(Connection connection, String address, long since, boolean placed) {
            this.connection = connection;
            this.address = address;
            this.since = since;
            this.placed = placed;
        }

        /**
         * The connection past its protocol's handshake, which a late close goes through (a
         * WebSocket one says goodbye with a close frame).
         */
        void served(Connection served) {
            connection = served;
        }

        /** Whether the address had room for it; if not, the server refuses it. */
        boolean placed() {
            return placed;
        }

        /** The connection logged in, or closed: it no longer counts. Idempotent. */
        void done() {
            if (done.compareAndSet(false, true)) {
                pending.remove(this);
                if (placed) {
                    perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
                }
            }
        }
    }

    private final Duration timeout;
    private final int maxPerAddress;
    private final Set<Pending> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    Admission(Duration timeout, int maxPerAddress) {
        this.timeout = timeout;
        this.maxPerAddress = maxPerAddress;
    }

    /** Starts the connect timeout of a connection accepted at {@code now} and counts it against its address. */
    Pending admit(Connection connection, long now) {
        String address = connection.remoteHost();
        boolean[] placed = new boolean[1];
        perAddress.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            placed[0] = count < maxPerAddress;
            return placed[0] ? count + 1 : n;
        });
        Pending p = new Pending(connection, address, now, placed[0]);
        pending.add(p);
        return p;
    }

    /** The most connections of one address that have not logged in. */
    int maxPerAddress() {
        return maxPerAddress;
    }

    /** Closes the connections that have not logged in within the connect timeout. */
    void closeLate(long now) {
        long limit = timeout.toMillis();
        for (Pending p : pending) {
            if (now - p.since >= limit) {
                LOG.log(DEBUG, () -> "closing the connection from " + p.connection.remoteAddress()
                        + ": no TLS handshake and CONN/RECON within " + Durations.format(timeout));
                p.done();
                p.connection.close();
            }
        }
    }
}
