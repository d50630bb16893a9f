package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttPacket.Auth;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.TestPackets.Sample;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static dev.herald.transport.mqtt.codec.TestPackets.utf8;
import static dev.herald.transport.mqtt.codec.TestPackets5.LEVEL;
import static dev.herald.transport.mqtt.codec.TestPackets5.connect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A decoder follows its connection's protocol level: MQTT 3.1.1 until it reads a CONNECT of
 * level 5 (section 3.1.2.2), MQTT 5.0 from that CONNECT on, the CONNECT itself included.
 */
class Mqtt5DecoderStreamTest {

    private static final String CONNECT_5 = "10 10 00 04 4D 51 54 54 05 02 00 3C 00 00 03 61 62 63";
    private static final String CONNECT_4 = "10 0F 00 04 4D 51 54 54 04 02 00 3C 00 03 61 62 63";
    /** A PUBLISH of MQTT 5.0 to a/b: no properties, payload "hi"; in MQTT 3.1.1 the property length is a byte of the payload. */
    private static final String PUBLISH = "30 08 00 03 61 2F 62 00 68 69";

    private static byte[] concat(String... hex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String h : hex) {
            out.writeBytes(hex(h));
        }
        return out.toByteArray();
    }

    /** A stream that gives at most one byte a read: a SequenceInputStream reads from one of its streams at a time. */
    private static InputStream oneByteAtATime(byte[] bytes) {
        List<InputStream> single = new ArrayList<>();
        for (byte b : bytes) {
            single.add(new ByteArrayInputStream(new byte[] {b}));
        }
        return new SequenceInputStream(Collections.enumeration(single));
    }

    private static List<MqttPacket> readAll(MqttDecoder decoder) throws IOException, MqttProtocolException {
        List<MqttPacket> packets = new ArrayList<>();
        for (MqttPacket p = decoder.next(); p != null; p = decoder.next()) {
            packets.add(p);
        }
        return packets;
    }

    @Test
    void switchesToLevel5WithALevel5Connect() throws Exception {
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(concat(CONNECT_5, PUBLISH, "40 03 00 0A 10", "E0 01 04")),
                1024, Receiver.SERVER);
        assertEquals(MqttPacket.PROTOCOL_LEVEL, decoder.protocolLevel());
        assertEquals(new Connect("MQTT", LEVEL, true, 60, "abc", null, null, null), decoder.next());
        assertEquals(LEVEL, decoder.protocolLevel());
        assertEquals(new Publish("a/b", utf8("hi"), false), decoder.next());
        assertEquals(new Puback(10, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.NONE), decoder.next());
        assertEquals(new Disconnect(ReasonCode.DISCONNECT_WITH_WILL, Properties.NONE), decoder.next());
        assertNull(decoder.next());
        assertEquals(LEVEL, decoder.protocolLevel());
    }

    @Test
    void staysAtLevel4WithALevel4Connect() throws Exception {
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(concat(CONNECT_4, PUBLISH, "40 03 00 0A 10")),
                1024, Receiver.SERVER);
        assertEquals(new Connect("abc", true, 60), decoder.next());
        assertEquals(MqttPacket.PROTOCOL_LEVEL, decoder.protocolLevel());
        // the same bytes, read as MQTT 3.1.1: no properties, so the property length is payload
        Publish publish = (Publish) decoder.next();
        assertArrayEquals(hex("00 68 69"), publish.payload());
        // an acknowledgement of MQTT 3.1.1 has a remaining length of 2 (section 3.4.1 of 3.1.1)
        assertThrows(MqttProtocolException.class, decoder::next);
    }

    @Test
    void readsEverySampleOfLevel5OneAfterTheOther() throws Exception {
        List<MqttPacket> expected = TestPackets5.samples().stream().map(Sample::packet).toList();
        // the first sample is a CONNECT of level 5, which switches the decoder
        assertEquals(LEVEL, ((Connect) expected.getFirst()).protocolLevel());
        byte[] all = TestPackets5.allSamples();
        assertEquals(expected, readAll(new MqttDecoder(new ByteArrayInputStream(all), 1024, Receiver.ANY)));
        assertEquals(expected, readAll(new MqttDecoder(oneByteAtATime(all), 1024, Receiver.ANY)));
    }

    @Test
    void reportsABrokenLevel5ConnectAtLevel5() {
        // a Receive Maximum of 0 is a Protocol Error (section 3.1.2.11.3), answered with a CONNACK of MQTT 5.0
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(connect(0x02, "21 00 00", "00 01 63")), 1024,
                Receiver.SERVER);
        MqttProtocolException e = assertThrows(MqttProtocolException.class, decoder::next);
        assertEquals(ReasonCode.PROTOCOL_ERROR, e.reasonCode(), e::getMessage);
        assertEquals(LEVEL, decoder.protocolLevel());
        // a property no CONNECT carries makes it a Malformed Packet (section 2.2.2.2)
        MqttDecoder malformed = new MqttDecoder(new ByteArrayInputStream(connect(0x02, "23 00 01", "00 01 63")), 1024,
                Receiver.SERVER);
        e = assertThrows(MqttProtocolException.class, malformed::next);
        assertEquals(ReasonCode.MALFORMED_PACKET, e.reasonCode(), e::getMessage);
        assertEquals(LEVEL, malformed.protocolLevel());
    }

    @Test
    void reportsABrokenLevel4ConnectAtLevel4() {
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(TestPackets.connect(0x03, "00 01 63")), 1024,
                Receiver.SERVER);
        assertThrows(MqttProtocolException.class, decoder::next);
        assertEquals(MqttPacket.PROTOCOL_LEVEL, decoder.protocolLevel());
    }

    @Test
    void staysAtLevel4WhenTheConnectIsTooShortToShowItsLevel() {
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(hex("10 03 00 04 4D")), 1024, Receiver.SERVER);
        assertThrows(MqttProtocolException.class, decoder::next);
        assertEquals(MqttPacket.PROTOCOL_LEVEL, decoder.protocolLevel());
    }

    @Test
    void readsAServersPacketsAtTheLevelAClientSets() throws Exception {
        // a client's decoder learns the level from the CONNECT it sent
        byte[] bytes = concat("20 03 00 00 00", "F0 00", PUBLISH, "E0 01 8B");
        MqttDecoder decoder = new MqttDecoder(new ByteArrayInputStream(bytes), 1024, Receiver.CLIENT);
        decoder.protocolLevel(LEVEL);
        assertEquals(List.of(new Connack(false, ReasonCode.SUCCESS, Properties.NONE), new Auth(ReasonCode.SUCCESS, Properties.NONE),
                new Publish("a/b", utf8("hi"), false), new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, Properties.NONE)),
                readAll(decoder));
    }
}
