package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated and truncated packets: the decoder answers each with a packet, a
 * {@link MqttProtocolException} or an {@link EOFException}, never anything else; and every
 * packet it accepts encodes back to a packet that decodes to the same.
 */
class MqttFuzzTest {

    private static final long SEED = 0x4D515454L;
    private static final int RUNS = 100_000;

    @Test
    void decodesMutatedPacketsOrRefusesThemWithAProtocolError() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> seeds = TestPackets.samples().stream().map(TestPackets.Sample::bytes).toList();
        int decoded = 0;
        int refused = 0;
        for (int run = 0; run < RUNS; run++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(input), 4096, Receiver.ANY);
            try {
                for (MqttPacket p = decoder.next(); p != null; p = decoder.next()) {
                    assertEquals(p, MqttDecoder.decode(MqttEncoder.encode(p), Receiver.ANY), "re-encoded");
                    decoded++;
                }
            } catch (MqttProtocolException | EOFException e) {
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError("run " + run + ": " + Arrays.toString(input), e);
            }
        }
        assertTrue(decoded > RUNS / 20, "decoded " + decoded);
        assertTrue(refused > RUNS / 5, "refused " + refused);
    }

    /** One of six mutations of {@code packet}: a byte replaced or flipped, a cut, bytes added, or random bytes instead. */
    static byte[] mutate(byte[] packet, Random random) {
        byte[] bytes = packet.clone();
        switch (random.nextInt(6)) {
            case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            case 1 -> {
                int i = random.nextInt(bytes.length);
                bytes[i] ^= (byte) (1 << random.nextInt(8));
            }
            case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3 -> {
                for (int n = random.nextInt(4) + 1; n > 0; n--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 4 -> {
                byte[] longer = Arrays.copyOf(bytes, bytes.length + random.nextInt(8) + 1);
                for (int i = bytes.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt(256);
                }
                bytes = longer;
            }
            default -> {
                bytes = new byte[random.nextInt(32)];
                random.nextBytes(bytes);
            }
        }
        return bytes;
    }
}
