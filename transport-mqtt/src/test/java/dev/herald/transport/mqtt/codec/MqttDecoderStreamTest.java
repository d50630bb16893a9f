package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttProtocolException.Action;
import dev.herald.transport.mqtt.codec.TestPackets.Sample;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttDecoderStreamTest {

    /** A stream that hands out at most one byte per read. */
    private static final class OneByteAtATime extends InputStream {
        private final ByteArrayInputStream in;

        OneByteAtATime(byte[] bytes) {
            in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return len == 0 ? 0 : in.read(b, off, 1);
        }
    }

    /** A stream of a fixed header that fails the test if anything past it is read. */
    private static final class HeaderOnly extends InputStream {
        private final byte[] header;
        private int pos;

        HeaderOnly(byte[] header) {
            this.header = header;
        }

        @Override
        public int read() {
            if (pos == header.length) {
                throw new AssertionError("read past the fixed header");
            }
            return header[pos++] & 0xFF;
        }
    }

    private static List<MqttPacket> readAll(InputStream in) throws IOException, MqttProtocolException {
        MqttDecoder decoder = new MqttDecoder(in, 1024, Receiver.ANY);
        List<MqttPacket> packets = new ArrayList<>();
        for (MqttPacket p = decoder.next(); p != null; p = decoder.next()) {
            packets.add(p);
        }
        return packets;
    }

    private static List<MqttPacket> samplePackets() {
        return TestPackets.samples().stream().map(Sample::packet).toList();
    }

    @Test
    void readsPacketsOneAfterTheOther() throws Exception {
        assertEquals(samplePackets(), readAll(new ByteArrayInputStream(TestPackets.allSamples())));
    }

    @Test
    void readsTheSamePacketsWhenEveryReadGivesOneByte() throws Exception {
        assertEquals(samplePackets(), readAll(new OneByteAtATime(TestPackets.allSamples())));
    }

    @Test
    void returnsNullAtTheEndOfAnEmptyStream() throws Exception {
        assertNull(new MqttDecoder(new ByteArrayInputStream(new byte[0]), 1024, Receiver.SERVER).next());
    }

    @Test
    void reportsAStreamThatEndsInsideAPacket() {
        byte[] all = TestPackets.allSamples();
        for (int cut = 1; cut < 17; cut++) { // every cut inside the first packet, a CONNECT of 17 bytes
            byte[] truncated = Arrays.copyOf(all, cut);
            assertThrows(EOFException.class, () -> readAll(new ByteArrayInputStream(truncated)), "cut at " + cut);
        }
        assertThrows(EOFException.class, () -> MqttDecoder.decode(new byte[0], Receiver.ANY));
    }

    @Test
    void refusesAPacketOverTheLimitBeforeReadingItsBody() {
        HeaderOnly in = new HeaderOnly(hex("30 FF 7F")); // 16383 bytes announced
        MqttDecoder decoder = new MqttDecoder(in, 16_385, Receiver.SERVER);
        MqttProtocolException e = assertThrows(MqttProtocolException.class, decoder::next);
        assertEquals(Action.CLOSE, e.action());
        assertTrue(e.getMessage().contains("16386 bytes is over the limit of 16385"), e.getMessage());
    }

    @Test
    void acceptsAPacketOfExactlyTheLimit() throws Exception {
        byte[] packet = MqttEncoder.encode(new MqttPacket.Publish("t", new byte[100], false));
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(packet), packet.length, Receiver.SERVER);
        assertEquals(new MqttPacket.Publish("t", new byte[100], false), decoder.next());
        MqttDecoder smaller = new MqttDecoder(new ByteArrayInputStream(packet), packet.length - 1, Receiver.SERVER);
        assertThrows(MqttProtocolException.class, smaller::next);
    }

    @Test
    void refusesAForbiddenTypeBeforeReadingItsBody() {
        MqttDecoder decoder = new MqttDecoder(new HeaderOnly(hex("90 05")), 1024, Receiver.SERVER);
        assertThrows(MqttProtocolException.class, decoder::next);
    }

    @Test
    void readsALargePacketThatArrivesInPieces() throws Exception {
        byte[] payload = new byte[200_000];
        Arrays.fill(payload, (byte) 'x');
        MqttPacket.Publish publish = new MqttPacket.Publish(false, 2, false, "big", 9, payload);
        MqttDecoder decoder = new MqttDecoder(new OneByteAtATime(MqttEncoder.encode(publish)), 1 << 20, Receiver.CLIENT);
        assertEquals(publish, decoder.next());
        assertNull(decoder.next());
    }

    @Test
    void reportsALargePacketCutShort() {
        byte[] packet = MqttEncoder.encode(new MqttPacket.Publish("big", new byte[100_000], false));
        byte[] truncated = Arrays.copyOf(packet, packet.length - 1);
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(truncated), 1 << 20, Receiver.SERVER);
        assertThrows(EOFException.class, decoder::next);
    }
}
