package dev.herald.broker.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded batches of frames for a live server: requests built from tokens that are right,
 * nearly right or wrong (verbs in any case, topics and filters the server has or not, client
 * ids in and out of the grammar, payloads with good and bad escapes, raw CRs and non-ASCII),
 * some mutated byte by byte, a few over the frame limit, each ended by LF or CRLF.
 *
 * @param idPrefix the client ids of these frames start with it, so that two generators'
 *                 sessions do not take each other over (a mutation still may)
 * @param maxFrame the server's frame limit, which a few frames pass
 */
record FuzzFrames(Random random, String idPrefix, int maxFrame) {

    private static final String[] VERBS = {"CONN", "RECON", "SUB", "UNSUB", "PUB", "PUB", "PUB", "PUB", "PING"};
    private static final String[] SERVER_TOPICS = {"NEWS", "WEATHER", "sensors/1/temp"};
    private static final String[] OTHER_VERBS = {"MSG", "PUB_ACK", "HELLO", "SUBSCRIBE", "P", "ERR", "PUBX", "\u00e9"};
    private static final String[] TOPICS = {"NEWS", "WEATHER", "sensors/1/temp", "sensors/+/temp", "sensors/#", "#",
            "+", "$SYS/#", "$SYS/broker/uptime", "SPORTS", "news", "a//b", "n\u00ebws", "NEWS/+x", "x".repeat(129), ""};
    private static final String[] PAYLOAD_PIECES = {"a", "b", "7", " ", " ", "\\n", "\\r", "\\\\", "\\t", "\\", "\r",
            "\t", "\u0000", "\u00e9", "\u2600", "\uD83C\uDF1E", "PUB NEWS x", "\\r\\n"};

    /** {@code CONN} with a client id of this generator, LF included. */
    byte[] conn() {
        return line("CONN " + clientId());
    }

    /** One to thirty frames, each ending in LF; one over the limit, if any, comes last. */
    byte[] batch() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int n = 1 + random.nextInt(30); n > 0; n--) {
            if (random.nextInt(150) == 0) {
                byte[] big = new byte[maxFrame - 3 + random.nextInt(maxFrame / 4)];
                for (int i = 0; i < big.length; i++) {
                    big[i] = (byte) ('a' + random.nextInt(26));
                }
                out.writeBytes(big);
                out.write('\n');
                break;
            }
            out.writeBytes(frame());
        }
        return out.toByteArray();
    }

    private byte[] frame() {
        String text = switch (random.nextInt(20)) {
            case 0 -> OTHER_VERBS[random.nextInt(OTHER_VERBS.length)] + " " + pick(TOPICS);
            case 1 -> "";
            default -> request();
        };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(5) == 0) {
            bytes = mutate(bytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 2);
        out.writeBytes(bytes);
        if (random.nextInt(5) == 0) {
            out.write('\r');
        }
        out.write('\n');
        return out.toByteArray();
    }

    private String request() {
        String verb = anyCase(random.nextInt(40) == 0 ? "DISC" : pick(VERBS));
        String sep = random.nextInt(25) == 0 ? "  " : " ";
        return switch (verb.toUpperCase(Locale.ROOT)) {
            case "CONN", "RECON" -> verb + sep + clientId() + (random.nextInt(8) == 0 ? " user password" : "");
            case "SUB", "UNSUB" -> verb + sep + pick(TOPICS) + (random.nextInt(15) == 0 ? " NEWS" : "");
            case "PUB" -> verb + sep + pick(random.nextBoolean() ? SERVER_TOPICS : TOPICS)
                    + (random.nextInt(10) == 0 ? "" : " " + payload());
            default -> verb + (random.nextInt(15) == 0 ? " now" : "");
        };
    }

    private String clientId() {
        return switch (random.nextInt(12)) {
            case 0 -> "bad/id";
            case 1 -> "x".repeat(65);
            case 2 -> "";
            default -> idPrefix + random.nextInt(4);
        };
    }

    private String payload() {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(random.nextInt(8) == 0 ? 400 : 12); n > 0; n--) {
            s.append(pick(PAYLOAD_PIECES));
        }
        return s.toString();
    }

    private byte[] mutate(byte[] bytes) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] b = bytes.clone();
        int at = random.nextInt(b.length);
        switch (random.nextInt(4)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = (byte) (0x80 + random.nextInt(128)); // a stray UTF-8 continuation or lead byte
            case 2 -> b = Arrays.copyOf(b, at);
            default -> b[at] = (byte) random.nextInt(256);
        }
        return b;
    }

    private String anyCase(String verb) {
        return switch (random.nextInt(6)) {
            case 0 -> verb.toLowerCase(Locale.ROOT);
            case 1 -> verb.charAt(0) + verb.substring(1).toLowerCase(Locale.ROOT);
            default -> verb;
        };
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
