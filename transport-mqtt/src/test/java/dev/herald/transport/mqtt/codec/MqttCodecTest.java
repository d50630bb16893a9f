package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.TestPackets.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.herald.transport.mqtt.codec.TestPackets.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttCodecTest {

    static List<Sample> samples() {
        return TestPackets.samples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void encodesEachPacketToTheBytesOfTheStandard(Sample sample) {
        assertEquals(HexFormat.of().formatHex(sample.bytes()), HexFormat.of().formatHex(MqttEncoder.encode(sample.packet())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decodesTheBytesOfTheStandardToEachPacket(Sample sample) throws Exception {
        assertEquals(sample.packet(), MqttDecoder.decode(sample.bytes(), Receiver.ANY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decodesWhatItEncodes(Sample sample) throws Exception {
        assertEquals(sample.packet(), MqttDecoder.decode(MqttEncoder.encode(sample.packet()), Receiver.ANY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void writesTheSameBytesToAStream(Sample sample) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MqttEncoder.encode(sample.packet(), out);
        assertArrayEquals(sample.bytes(), out.toByteArray());
    }

    @Test
    void hasASampleOfEveryType() {
        Set<PacketType> types = samples().stream().map(s -> s.packet().type()).collect(Collectors.toSet());
        assertEquals(EnumSet.complementOf(EnumSet.of(PacketType.AUTH)), types, "AUTH is MQTT 5.0's only");
    }

    @Test
    void comparesBinaryFieldsByContent() {
        Publish a = new Publish(false, 1, false, "t", 1, utf8("payload"));
        Publish b = new Publish(false, 1, false, "t", 1, utf8("payload"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new Publish(false, 1, false, "t", 1, utf8("other")));
        Connect c = new Connect("MQTT", 4, true, 0, "c", new MqttPacket.Will("w", utf8("m"), 0, false), "u", utf8("p"));
        Connect d = new Connect("MQTT", 4, true, 0, "c", new MqttPacket.Will("w", utf8("m"), 0, false), "u", utf8("p"));
        assertEquals(c, d);
        assertEquals(c.hashCode(), d.hashCode());
    }

    @Test
    void showsPayloadsInHexAndNeverThePassword() {
        assertEquals("Publish[dup=false, qos=0, retain=false, topic=t, packetId=0, payload=2 bytes 6869]",
                new Publish("t", utf8("hi"), false).toString());
        String connect = new Connect("MQTT", 4, true, 0, "c", null, "u", utf8("secret")).toString();
        assertTrue(connect.contains("password=****"), connect);
        assertFalse(connect.contains("736563726574"), connect);
    }

    @Test
    void tellsTheStandardClientIdsFromOthers() {
        assertTrue(new Connect("abcXYZ0123456789abcdefg", true, 0).hasStandardClientId());
        assertFalse(new Connect("abcXYZ0123456789abcdefgh", true, 0).hasStandardClientId(), "24 characters");
        assertFalse(new Connect("a-b", true, 0).hasStandardClientId());
        assertFalse(new Connect("", true, 0).hasStandardClientId());
    }

    @Test
    void refusesToEncodeWhatMqttCannotCarry() {
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(new Publish("a\u0000b", new byte[0], false)));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(new Publish("a\ud800", new byte[0], false)));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(new Publish("x".repeat(65_536), new byte[0], false)));
        assertThrows(IllegalArgumentException.class,
                () -> MqttEncoder.encode(new Connect("MQTT", 4, true, 0, "c", null, "u", new byte[65_536])));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(new MqttPacket.Puback(0)));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(new MqttPacket.Unsuback(65_536)));
    }

    @Test
    void refusesPacketsTheStandardForbids() {
        assertThrows(IllegalArgumentException.class, () -> new Publish(true, 0, false, "t", 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Publish(false, 1, false, "t", 0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new Publish(false, 3, false, "t", 1, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new MqttPacket.Subscribe(1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new MqttPacket.Suback(1, List.of(3)));
        assertThrows(IllegalArgumentException.class, () -> new MqttPacket.Connack(true, ConnectReturnCode.NOT_AUTHORIZED));
        assertThrows(IllegalArgumentException.class, () -> new Connect("MQTT", 4, true, 0, "c", null, null, new byte[1]));
    }

    @Test
    void knowsWhichSideSendsEachType() {
        Set<PacketType> serverOnly = EnumSet.of(PacketType.CONNACK, PacketType.SUBACK, PacketType.UNSUBACK, PacketType.PINGRESP);
        for (PacketType type : PacketType.values()) {
            assertEquals(!serverOnly.contains(type), type.sentByClient(), type::name);
            // MQTT 5.0 has servers send DISCONNECT and both sides AUTH
            assertEquals(!type.sentByClient() || type.code() >= 3 && type.code() <= 7 || type.code() >= 14,
                    type.sentByServer(), type::name);
        }
    }
}
