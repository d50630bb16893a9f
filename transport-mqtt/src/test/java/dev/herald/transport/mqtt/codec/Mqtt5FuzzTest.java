package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static dev.herald.transport.mqtt.codec.TestPackets5.LEVEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mutated and truncated MQTT 5.0 packets, as {@link MqttFuzzTest} does for MQTT 3.1.1: the
 * decoder at level 5 answers each with a packet, a {@link MqttProtocolException} or an
 * {@link EOFException}, never anything else, and every packet it accepts encodes back at
 * level 5 to bytes that decode to the same packet. The run count is multiplied by
 * {@code herald.fuzz.scale}, and the runs stop early when their time is up; {@code
 * herald.fuzz.seed} replays another seed.
 */
class Mqtt5FuzzTest {

    private static final long SEED = Long.getLong("herald.fuzz.seed", 0x4D515435L);
    private static final int RUNS = 30_000 * Integer.getInteger("herald.fuzz.scale", 1);
    private static final long MAX_NANOS = 20_000_000_000L;

    @Test
    void decodesMutatedPacketsOrRefusesThemWithAProtocolError() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> seeds = TestPackets5.samples().stream().map(TestPackets.Sample::bytes).toList();
        long deadline = System.nanoTime() + MAX_NANOS;
        int runs = 0;
        int decoded = 0;
        int refused = 0;
        for (; runs < RUNS && System.nanoTime() < deadline; runs++) {
            byte[] input = MqttFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
            String where = "seed " + SEED + ", run " + runs + ": " + HexFormat.of().formatHex(input);
            MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(input), 4096, Receiver.ANY);
            decoder.protocolLevel(LEVEL);
            List<MqttPacket> packets = new ArrayList<>();
            try {
                for (MqttPacket p = decoder.next(); p != null; p = decoder.next()) {
                    packets.add(p);
                }
            } catch (MqttProtocolException | EOFException e) {
                refused++;
            } catch (RuntimeException e) {
                throw new AssertionError(where, e);
            }
            // outside the catch above: a re-encoded packet the decoder refuses fails the test
            for (MqttPacket p : packets) {
                byte[] again;
                try {
                    again = MqttEncoder.encode(p, LEVEL);
                } catch (RuntimeException e) {
                    throw new AssertionError(where + ": re-encoding " + p, e);
                }
                assertEquals(p, MqttDecoder.decode(again, Receiver.ANY, LEVEL), where);
                decoded++;
            }
        }
        assertTrue(runs >= RUNS / 10, "only " + runs + " runs in time");
        assertTrue(decoded > runs / 20, "decoded " + decoded + " of " + runs);
        assertTrue(refused > runs / 5, "refused " + refused + " of " + runs);
    }
}
