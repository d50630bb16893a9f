package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttPacket.Auth;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubcomp;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrec;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrel;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.TestPackets.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static dev.herald.transport.mqtt.codec.TestPackets.utf8;
import static dev.herald.transport.mqtt.codec.TestPackets5.LEVEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The MQTT 5.0 side of the codec: every packet type, its bytes as the OASIS standard gives them, both ways. */
class Mqtt5CodecTest {

    static List<Sample> samples() {
        return TestPackets5.samples();
    }

    private static String hexOf(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static MqttPacket decode(String hex) throws Exception {
        return MqttDecoder.decode(hex(hex), Receiver.ANY, LEVEL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void encodesEachPacketToTheBytesOfTheStandard(Sample sample) {
        assertEquals(hexOf(sample.bytes()), hexOf(MqttEncoder.encode(sample.packet(), LEVEL)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decodesTheBytesOfTheStandardToEachPacket(Sample sample) throws Exception {
        assertEquals(sample.packet(), MqttDecoder.decode(sample.bytes(), Receiver.ANY, LEVEL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decodesWhatItEncodes(Sample sample) throws Exception {
        assertEquals(sample.packet(), MqttDecoder.decode(MqttEncoder.encode(sample.packet(), LEVEL), Receiver.ANY, LEVEL));
    }

    @Test
    void hasASampleOfEveryTypeWithAndWithoutProperties() {
        Map<PacketType, Set<Boolean>> withProperties = new EnumMap<>(PacketType.class);
        for (Sample sample : samples()) {
            withProperties.computeIfAbsent(sample.packet().type(), t -> new HashSet<>())
                    .add(!TestPackets5.properties(sample.packet()).isEmpty());
        }
        assertEquals(EnumSet.allOf(PacketType.class), withProperties.keySet(), "AUTH included");
        for (PacketType type : PacketType.values()) {
            // PINGREQ and PINGRESP have no variable header (sections 3.12.2, 3.13.2); every other type has properties (section 2.2.2)
            Set<Boolean> expected = type == PacketType.PINGREQ || type == PacketType.PINGRESP ? Set.of(false) : Set.of(false, true);
            assertEquals(expected, withProperties.get(type), type::name);
        }
    }

    // --- the short forms: sections 3.4.2.1, 3.4.2.2.1 (and 3.5-3.7 alike), 3.14.2.1, 3.14.2.2.1, 3.15.2.1 ---

    static Stream<Arguments> otherFormsOfTheSamePacket() {
        return Stream.of(
                // the property length left out when the remaining length is less than 4 (section 3.4.2.2.1), or written as 0
                Arguments.of("40 03 00 0A 00", new Puback(10)),
                Arguments.of("40 04 00 0A 00 00", new Puback(10)),
                Arguments.of("40 04 00 0A 10 00", new Puback(10, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.NONE)),
                Arguments.of("50 03 00 0A 00", new Pubrec(10)),
                Arguments.of("50 04 00 0A 91 00", new Pubrec(10, ReasonCode.PACKET_IDENTIFIER_IN_USE, Properties.NONE)),
                Arguments.of("62 04 00 0A 00 00", new Pubrel(10)),
                Arguments.of("62 04 00 0A 92 00", new Pubrel(10, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.NONE)),
                Arguments.of("70 03 00 0A 00", new Pubcomp(10)),
                Arguments.of("70 04 00 0A 92 00", new Pubcomp(10, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.NONE)),
                // DISCONNECT: a value of 0 for a remaining length below 2 (section 3.14.2.2.1)
                Arguments.of("E0 01 00", new Disconnect()),
                Arguments.of("E0 02 00 00", new Disconnect()),
                Arguments.of("E0 02 8E 00", new Disconnect(ReasonCode.SESSION_TAKEN_OVER, Properties.NONE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherFormsOfTheSamePacket")
    void decodesTheOtherFormsTheStandardAllows(String hex, MqttPacket packet) throws Exception {
        assertEquals(packet, decode(hex));
    }

    /** A packet of {@code type} (an acknowledgement of packet identifier 1, DISCONNECT or AUTH) with a reason code and properties. */
    private static MqttPacket withReason(PacketType type, int reasonCode, Properties properties) {
        return switch (type) {
            case PUBACK -> new Puback(1, reasonCode, properties);
            case PUBREC -> new Pubrec(1, reasonCode, properties);
            case PUBREL -> new Pubrel(1, reasonCode, properties);
            case PUBCOMP -> new Pubcomp(1, reasonCode, properties);
            case DISCONNECT -> new Disconnect(reasonCode, properties);
            case AUTH -> new Auth(reasonCode, properties);
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    private static void assertRemainingLength(int remainingLength, MqttPacket packet) throws Exception {
        byte[] bytes = MqttEncoder.encode(packet, LEVEL);
        assertEquals(remainingLength, bytes[1], () -> packet + ": " + hexOf(bytes));
        assertEquals(2 + remainingLength, bytes.length, () -> packet + ": " + hexOf(bytes));
        assertEquals(packet, MqttDecoder.decode(bytes, Receiver.ANY, LEVEL));
    }

    @ParameterizedTest(name = "{0} with reason code {1}")
    @CsvSource({"PUBACK, 0x97", "PUBREC, 0x80", "PUBREL, 0x92", "PUBCOMP, 0x92", "DISCONNECT, 0x8B", "AUTH, 0x18"})
    void writesTheShortestFormTheStandardAllows(PacketType type, String code) throws Exception {
        int reasonCode = Integer.decode(code);
        int packetId = type == PacketType.DISCONNECT || type == PacketType.AUTH ? 0 : 2;
        // success without properties: nothing after the packet identifier
        assertRemainingLength(packetId, withReason(type, ReasonCode.SUCCESS, Properties.NONE));
        // a reason code without properties: the code alone; an AUTH needs its Authentication Method (section 3.15.2.2.2)
        if (type != PacketType.AUTH) {
            assertRemainingLength(packetId + 1, withReason(type, reasonCode, Properties.NONE));
        }
        // properties: the reason code, even 0 (success), their length, then them (4 bytes here)
        Property property = type == PacketType.AUTH ? Property.AUTHENTICATION_METHOD : Property.REASON_STRING;
        Properties properties = Properties.builder().add(property, "r").build();
        assertRemainingLength(packetId + 6, withReason(type, reasonCode, properties));
        assertRemainingLength(packetId + 6, withReason(type, ReasonCode.SUCCESS, properties));
    }

    // --- the two levels ---

    @Test
    void writesMqtt311BytesAtLevel4WithoutTheFieldsOfMqtt5() {
        Publish publish = (Publish) samples().stream().filter(s -> s.name().contains("every PUBLISH property"))
                .findFirst().orElseThrow().packet();
        assertEquals("3d090003612f62000a6869", hexOf(MqttEncoder.encode(publish, MqttPacket.PROTOCOL_LEVEL)));
        assertEquals("4002000a", hexOf(MqttEncoder.encode(new Puback(10, ReasonCode.QUOTA_EXCEEDED, Properties.NONE),
                MqttPacket.PROTOCOL_LEVEL)));
        // the options of MQTT 5.0 are left out; the byte carries the requested QoS only (3.1.1, section 3.8.3)
        Subscribe subscribe = new Subscribe(1, List.of(new Subscription("a", 1, true, true, 2)));
        assertEquals("8206000100016101", hexOf(MqttEncoder.encode(subscribe, MqttPacket.PROTOCOL_LEVEL)));
        assertEquals("e000", hexOf(MqttEncoder.encode(new Disconnect(ReasonCode.DISCONNECT_WITH_WILL, Properties.NONE),
                MqttPacket.PROTOCOL_LEVEL)));
    }

    @Test
    void refusesToWriteAuthBelowMqtt5() {
        // AUTH is type 15, reserved in MQTT 3.1.1 (section 2.2.1 of 3.1.1; section 2.1.2 of 5.0)
        Auth auth = new Auth(ReasonCode.SUCCESS, Properties.NONE);
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(auth, MqttPacket.PROTOCOL_LEVEL));
        assertThrows(IllegalArgumentException.class, () -> MqttEncoder.encode(auth));
    }

    @Test
    void writesAConnectAtItsOwnLevel() throws Exception {
        Connect connect5 = (Connect) samples().getFirst().packet();
        assertEquals(hexOf(samples().getFirst().bytes()), hexOf(MqttEncoder.encode(connect5, MqttPacket.PROTOCOL_LEVEL)));
        Connect connect4 = new Connect("abc", true, 60);
        assertEquals(hexOf(TestPackets.samples().getFirst().bytes()), hexOf(MqttEncoder.encode(connect4, LEVEL)));
        assertEquals(connect4, MqttDecoder.decode(MqttEncoder.encode(connect4, LEVEL), Receiver.SERVER, LEVEL));
    }

    // --- the records ---

    @Test
    void comparesBinaryPropertiesByContent() {
        Properties a = Properties.builder().add(Property.CORRELATION_DATA, utf8("id")).build();
        Properties b = Properties.builder().add(Property.CORRELATION_DATA, utf8("id")).build();
        assertEquals(new Publish(false, 0, false, "t", 0, new byte[0], a), new Publish(false, 0, false, "t", 0, new byte[0], b));
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Properties.builder().add(Property.CORRELATION_DATA, utf8("other")).build());
        assertNotEquals(new Puback(1, 0, a), new Puback(1));
    }

    @Test
    void showsPropertiesInTheTextOfAPacket() {
        Publish publish = new Publish(false, 0, false, "t", 0, new byte[0],
                Properties.builder().add(Property.CONTENT_TYPE, "text").add(Property.CORRELATION_DATA, utf8("hi")).build());
        assertEquals("Publish[dup=false, qos=0, retain=false, topic=t, packetId=0, payload=0 bytes,"
                + " properties=[CONTENT_TYPE=text, CORRELATION_DATA=2 bytes 6869]]", publish.toString());
    }

    @Test
    void refusesFieldsNoPacketOfMqtt5Can() {
        // each packet type's reason codes: Tables 3-4 to 3-11 and Table 2-6
        assertThrows(IllegalArgumentException.class, () -> new Puback(1, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Pubrel(1, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Disconnect(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, Properties.NONE));
        assertThrows(IllegalArgumentException.class, () -> new Auth(ReasonCode.GRANTED_QOS_1, Properties.NONE));
        assertThrows(IllegalArgumentException.class, () -> new MqttPacket.Suback(1, List.of(ReasonCode.NO_MATCHING_SUBSCRIBERS)));
        assertThrows(IllegalArgumentException.class, () -> new MqttPacket.Unsuback(1, List.of(ReasonCode.GRANTED_QOS_1),
                Properties.NONE));
        // Retain Handling 3 (section 3.8.3.1)
        assertThrows(IllegalArgumentException.class, () -> new Subscription("a", 0, false, false, 3));
        // a SUBSCRIBE carries at most one Subscription Identifier (section 3.8.2.1.2)
        Properties twoIds = Properties.builder().add(Property.SUBSCRIPTION_IDENTIFIER, 1)
                .add(Property.SUBSCRIPTION_IDENTIFIER, 2).build();
        assertThrows(IllegalArgumentException.class, () -> new Subscribe(1, List.of(new Subscription("a", 0)), twoIds));
        // a PUBLISH from the server carries one for each matching subscription (section 3.3.4)
        assertEquals(List.of(1, 2), new Publish(false, 0, false, "t", 0, new byte[0], twoIds).properties().subscriptionIdentifiers());
    }
}
