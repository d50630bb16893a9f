package dev.herald.broker.api.wire;

import java.util.Objects;

/**
 * A frame a client sends to the server, parsed. {@link Verb#parse(String)} makes them;
 * {@link #toFrame()} gives the line back (without its LF).
 */
public sealed interface Request {

    /** The verb of this request. */
    Verb verb();

    /** The frame text of this request, without the trailing LF. */
    String toFrame();

    /** Credentials given with {@code CONN}/{@code RECON}, or {@code null} when none were given. */
    record Credentials(String user, String password) {
        public Credentials {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=****]";
        }
    }

    /** {@code CONN <client-id> [<user> <password>]}: start a new session. */
    record Conn(String clientId, Credentials credentials) implements Request {
        @Override
        public Verb verb() {
            return Verb.CONN;
        }

        @Override
        public String toFrame() {
            return credentials == null ? "CONN " + clientId
                    : "CONN " + clientId + " " + credentials.user() + " " + credentials.password();
        }
    }

    /** {@code RECON <client-id> [<user> <password>]}: resume a stored session. */
    record Recon(String clientId, Credentials credentials) implements Request {
        @Override
        public Verb verb() {
            return Verb.RECON;
        }

        @Override
        public String toFrame() {
            return credentials == null ? "RECON " + clientId
                    : "RECON " + clientId + " " + credentials.user() + " " + credentials.password();
        }
    }

    /** {@code SUB <topic>}. */
    record Sub(String topic) implements Request {
        @Override
        public Verb verb() {
            return Verb.SUB;
        }

        @Override
        public String toFrame() {
            return "SUB " + topic;
        }
    }

    /** {@code UNSUB <topic>}. */
    record Unsub(String topic) implements Request {
        @Override
        public Verb verb() {
            return Verb.UNSUB;
        }

        @Override
        public String toFrame() {
            return "UNSUB " + topic;
        }
    }

    /**
     * {@code PUB <topic> <payload>}.
     *
     * @param payload        the payload, unescaped
     * @param escapedPayload the same payload as it travels on the wire (see {@link Escaping}), a
     *                       raw CR escaped; a server can copy it into {@code MSG} frames without
     *                       escaping again
     */
    record Pub(String topic, String payload, String escapedPayload) implements Request {

        public Pub {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(escapedPayload, "escapedPayload");
        }

        /** A publish of {@code payload} (unescaped) to {@code topic}. */
        public Pub(String topic, String payload) {
            this(topic, payload, Escaping.escape(payload));
        }

        @Override
        public Verb verb() {
            return Verb.PUB;
        }

        @Override
        public String toFrame() {
            return payload.isEmpty() ? "PUB " + topic : "PUB " + topic + " " + escapedPayload;
        }
    }

    /** {@code PING}. */
    record Ping() implements Request {
        @Override
        public Verb verb() {
            return Verb.PING;
        }

        @Override
        public String toFrame() {
            return "PING";
        }
    }

    /** {@code DISC}. */
    record Disc() implements Request {
        @Override
        public Verb verb() {
            return Verb.DISC;
        }

        @Override
        public String toFrame() {
            return "DISC";
        }
    }
}
