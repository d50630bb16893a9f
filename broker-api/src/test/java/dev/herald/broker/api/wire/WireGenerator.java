package dev.herald.broker.api.wire;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded generators of the wire codec's values: valid client and server frames, payloads
 * that need escaping, and mutations of any frame at the level of characters or bytes.
 */
final class WireGenerator {

    /** Characters that stress the codec: escapes, CR, LF, spaces, controls, non-ASCII, a surrogate pair. */
    private static final String[] PAYLOAD_PIECES = {
            "a", "Z", "0", " ", "  ", "\\", "\\n", "\\r", "\\\\", "n", "r", "\r", "\n", "\t", "\u0000",
            "\u00e9", "\u2600", "\uD83C\uDF1E", "\u00ff", "PUB", "MSG", "#", "+", "/", "$"};
    private static final String NAME_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";

    private final Random random;

    WireGenerator(Random random) {
        this.random = random;
    }

    Random random() {
        return random;
    }

    /** A valid request of any verb. */
    Request request() {
        return switch (random.nextInt(7)) {
            case 0 -> new Request.Conn(clientId(), random.nextBoolean() ? null : credentials());
            case 1 -> new Request.Recon(clientId(), random.nextBoolean() ? null : credentials());
            case 2 -> new Request.Sub(topic());
            case 3 -> new Request.Unsub(topic());
            case 4, 5 -> new Request.Pub(topic(), payload());
            default -> random.nextBoolean() ? new Request.Ping() : new Request.Disc();
        };
    }

    /** A valid server frame of any kind. */
    ServerFrame serverFrame() {
        return switch (random.nextInt(8)) {
            case 0 -> new ServerFrame.ConnAck(random.nextBoolean(), count());
            case 1 -> new ServerFrame.SubAck(topic(), count());
            case 2 -> new ServerFrame.UnsubAck(topic());
            case 3 -> new ServerFrame.PubAck(topic(), messageId());
            case 4 -> random.nextBoolean() ? new ServerFrame.Pong() : new ServerFrame.DiscAck();
            case 5 -> {
                ErrorCode[] codes = ErrorCode.values();
                String text = payload().replace('\n', ' ').replace('\r', ' ');
                yield new ServerFrame.Err(codes[random.nextInt(codes.length)], text);
            }
            default -> new ServerFrame.Msg(new Message(messageId(), topic(), Math.abs(random.nextLong() >> 20), payload()));
        };
    }

    String clientId() {
        return name(1 + random.nextInt(64), ":");
    }

    String topic() {
        return name(1 + random.nextInt(random.nextInt(10) == 0 ? 128 : 16), "/");
    }

    /** A payload, mostly short, sometimes long, made of pieces that need care. */
    String payload() {
        int pieces = random.nextInt(10) == 0 ? random.nextInt(2000) : random.nextInt(12);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            s.append(random.nextInt(3) == 0 ? PAYLOAD_PIECES[random.nextInt(PAYLOAD_PIECES.length)]
                    : String.valueOf(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length()))));
        }
        return s.toString();
    }

    private Request.Credentials credentials() {
        return new Request.Credentials(name(1 + random.nextInt(12), "!@%&*()[]{}=?\u00e9"),
                name(1 + random.nextInt(20), "!@%&*()[]{}=?\\\u00e9"));
    }

    private String name(int length, String extra) {
        String chars = NAME_CHARS + extra;
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.toString();
    }

    private int count() {
        return random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(1001);
    }

    private long messageId() {
        return random.nextInt(4) == 0 ? 1 + (random.nextLong() >>> 1) % (Long.MAX_VALUE - 1) : 1 + random.nextInt(100_000);
    }

    /** A frame changed at the level of characters: one to three edits, or truncated. */
    String mutate(String frame) {
        StringBuilder s = new StringBuilder(frame);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length() + 1);
            switch (random.nextInt(8)) {
                case 0 -> s.setLength(at);
                case 1 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                case 2 -> s.insert(at, ' ');
                case 3 -> s.insert(at, PAYLOAD_PIECES[random.nextInt(PAYLOAD_PIECES.length)]);
                case 4 -> {
                    if (at < s.length()) {
                        s.setCharAt(at, (char) random.nextInt(0x3000));
                    }
                }
                case 5 -> {
                    if (at < s.length()) {
                        char c = s.charAt(at);
                        s.setCharAt(at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
                    }
                }
                case 6 -> s.insert(at, s.substring(0, Math.min(s.length(), random.nextInt(12))));
                default -> s.insert(at, String.valueOf(random.nextLong()));
            }
        }
        return s.toString();
    }

    /** Bytes changed: flipped bits, random bytes, cuts, insertions, or all random. */
    byte[] mutate(byte[] bytes) {
        byte[] b = bytes.clone();
        if (b.length == 0 || random.nextInt(12) == 0) {
            b = new byte[random.nextInt(64)];
            random.nextBytes(b);
            return b;
        }
        switch (random.nextInt(5)) {
            case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 3 -> {
                int at = random.nextInt(b.length + 1);
                byte[] in = {(byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x9F, '\r', '\n', (byte) 0x80, (byte) 0xFF};
                byte[] longer = new byte[b.length + 1];
                System.arraycopy(b, 0, longer, 0, at);
                longer[at] = in[random.nextInt(in.length)];
                System.arraycopy(b, at, longer, at + 1, b.length - at);
                b = longer;
            }
            default -> {
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
