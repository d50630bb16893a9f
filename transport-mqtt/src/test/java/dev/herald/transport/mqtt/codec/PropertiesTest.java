package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.Properties.Entry;
import dev.herald.transport.mqtt.codec.Properties.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static dev.herald.transport.mqtt.codec.TestPackets.packet;
import static dev.herald.transport.mqtt.codec.TestPackets.utf8;
import static dev.herald.transport.mqtt.codec.TestPackets5.LEVEL;
import static dev.herald.transport.mqtt.codec.TestPackets5.connect;
import static dev.herald.transport.mqtt.codec.TestPackets5.propertyBlock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The properties of MQTT 5.0 (section 2.2.2): Table 2-4, the types of section 1.5, and what a store keeps of them. */
class PropertiesTest {

    /** Where a property can stand: the packets with properties, and a CONNECT's will. */
    private static final List<String> PLACES = List.of("CONNECT", "WILL", "CONNACK", "PUBLISH", "PUBACK", "PUBREC",
            "PUBREL", "PUBCOMP", "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK", "DISCONNECT", "AUTH");

    /** A packet of {@code place} whose properties (the will's for WILL) have these entries and no others. */
    private static byte[] carrying(String place, String entries) {
        String block = propertyBlock(entries);
        return switch (place) {
            case "CONNECT" -> connect(0x02, entries, "00 01 63");
            case "WILL" -> connect(0x06, "", "00 01 63 " + block + " 00 01 77 00 00");
            case "CONNACK" -> packet(0x20, "00 00 " + block);
            case "PUBLISH" -> packet(0x30, "00 01 74 " + block);
            case "PUBACK" -> packet(0x40, "00 0A 00 " + block);
            case "PUBREC" -> packet(0x50, "00 0A 00 " + block);
            case "PUBREL" -> packet(0x62, "00 0A 00 " + block);
            case "PUBCOMP" -> packet(0x70, "00 0A 00 " + block);
            case "SUBSCRIBE" -> packet(0x82, "00 0A " + block + " 00 01 74 00");
            case "SUBACK" -> packet(0x90, "00 0A " + block + " 00");
            case "UNSUBSCRIBE" -> packet(0xA2, "00 0A " + block + " 00 01 74");
            case "UNSUBACK" -> packet(0xB0, "00 0A " + block + " 00");
            case "DISCONNECT" -> packet(0xE0, "00 " + block);
            case "AUTH" -> packet(0xF0, "18 " + block);
            default -> throw new IllegalArgumentException(place);
        };
    }

    /** A value of each type that every property of the type may have (none is 0, nor over 1). */
    private static String valueOf(Property.Type type) {
        return switch (type) {
            case BYTE, VARIABLE_BYTE_INTEGER -> "01";
            case TWO_BYTE_INTEGER -> "00 01";
            case FOUR_BYTE_INTEGER -> "00 00 00 01";
            case UTF8_STRING, BINARY -> "00 01 61";
            case UTF8_STRING_PAIR -> "00 01 61 00 01 62";
        };
    }

    private static Properties propertiesOf(MqttPacket packet, String place) {
        return place.equals("WILL") ? ((Connect) packet).will().properties() : TestPackets5.properties(packet);
    }

    /** Table 2-4: each property's identifier, the type of its value, and the packets (and wills) that carry it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            PAYLOAD_FORMAT_INDICATOR          | 0x01 | BYTE                  | PUBLISH WILL
            MESSAGE_EXPIRY_INTERVAL           | 0x02 | FOUR_BYTE_INTEGER     | PUBLISH WILL
            CONTENT_TYPE                      | 0x03 | UTF8_STRING           | PUBLISH WILL
            RESPONSE_TOPIC                    | 0x08 | UTF8_STRING           | PUBLISH WILL
            CORRELATION_DATA                  | 0x09 | BINARY                | PUBLISH WILL
            SUBSCRIPTION_IDENTIFIER           | 0x0B | VARIABLE_BYTE_INTEGER | PUBLISH SUBSCRIBE
            SESSION_EXPIRY_INTERVAL           | 0x11 | FOUR_BYTE_INTEGER     | CONNECT CONNACK DISCONNECT
            ASSIGNED_CLIENT_IDENTIFIER        | 0x12 | UTF8_STRING           | CONNACK
            SERVER_KEEP_ALIVE                 | 0x13 | TWO_BYTE_INTEGER      | CONNACK
            AUTHENTICATION_METHOD             | 0x15 | UTF8_STRING           | CONNECT CONNACK AUTH
            AUTHENTICATION_DATA               | 0x16 | BINARY                | CONNECT CONNACK AUTH
            REQUEST_PROBLEM_INFORMATION       | 0x17 | BYTE                  | CONNECT
            WILL_DELAY_INTERVAL               | 0x18 | FOUR_BYTE_INTEGER     | WILL
            REQUEST_RESPONSE_INFORMATION      | 0x19 | BYTE                  | CONNECT
            RESPONSE_INFORMATION              | 0x1A | UTF8_STRING           | CONNACK
            SERVER_REFERENCE                  | 0x1C | UTF8_STRING           | CONNACK DISCONNECT
            REASON_STRING                     | 0x1F | UTF8_STRING           | CONNACK PUBACK PUBREC PUBREL PUBCOMP SUBACK UNSUBACK DISCONNECT AUTH
            RECEIVE_MAXIMUM                   | 0x21 | TWO_BYTE_INTEGER      | CONNECT CONNACK
            TOPIC_ALIAS_MAXIMUM               | 0x22 | TWO_BYTE_INTEGER      | CONNECT CONNACK
            TOPIC_ALIAS                       | 0x23 | TWO_BYTE_INTEGER      | PUBLISH
            MAXIMUM_QOS                       | 0x24 | BYTE                  | CONNACK
            RETAIN_AVAILABLE                  | 0x25 | BYTE                  | CONNACK
            USER_PROPERTY                     | 0x26 | UTF8_STRING_PAIR      | CONNECT CONNACK PUBLISH WILL PUBACK PUBREC PUBREL PUBCOMP SUBSCRIBE SUBACK UNSUBSCRIBE UNSUBACK DISCONNECT AUTH
            MAXIMUM_PACKET_SIZE               | 0x27 | FOUR_BYTE_INTEGER     | CONNECT CONNACK
            WILDCARD_SUBSCRIPTION_AVAILABLE   | 0x28 | BYTE                  | CONNACK
            SUBSCRIPTION_IDENTIFIER_AVAILABLE | 0x29 | BYTE                  | CONNACK
            SHARED_SUBSCRIPTION_AVAILABLE     | 0x2A | BYTE                  | CONNACK
            """)
    void carriesEachPropertyInThePlacesOfTable24Only(Property property, String id, Property.Type type, String places)
            throws Exception {
        assertEquals(Integer.decode(id), property.id());
        assertSame(property, Property.of(property.id()));
        assertEquals(type, property.type());
        Set<String> allowed = Set.of(places.split(" "));
        String entry = HexFormat.of().toHexDigits((byte) property.id()) + " " + valueOf(type);
        for (String place : PLACES) {
            // AUTH needs its Authentication Method (section 3.15.2.2.2), and so does Authentication Data (section 3.1.2.11.10)
            boolean needsMethod = property != Property.AUTHENTICATION_METHOD
                    && (place.equals("AUTH") || place.equals("CONNECT") && property == Property.AUTHENTICATION_DATA);
            byte[] bytes = carrying(place, (needsMethod ? "15 00 01 61 " : "") + entry);
            if (allowed.contains(place)) {
                MqttPacket packet = MqttDecoder.decode(bytes, Receiver.ANY, LEVEL);
                assertTrue(propertiesOf(packet, place).has(property), place);
            } else {
                MqttProtocolException e = assertThrows(MqttProtocolException.class,
                        () -> MqttDecoder.decode(bytes, Receiver.ANY, LEVEL), place);
                assertEquals(ReasonCode.MALFORMED_PACKET, e.reasonCode(), place + ": " + e.getMessage());
            }
        }
    }

    @Test
    void definesNoOtherProperty() {
        assertEquals(27, Property.values().length);
        Set<Integer> ids = new HashSet<>();
        for (Property p : Property.values()) {
            ids.add(p.id());
            assertEquals(p == Property.USER_PROPERTY || p == Property.SUBSCRIPTION_IDENTIFIER, p.repeatable(), p::name);
        }
        for (int id = -1; id < 300; id++) {
            assertEquals(ids.contains(id), Property.of(id) != null, "identifier " + id);
        }
    }

    // --- the types of section 1.5 ---

    /** Reads properties' bytes (their length first) as a packet that may carry {@code property} reads them. */
    private static Properties read(Property property, byte[] bytes) throws MqttProtocolException {
        PacketType type = Arrays.stream(PacketType.values()).filter(t -> property.allowedIn(t, false)).findFirst()
                .orElse(PacketType.CONNECT);
        boolean will = !property.allowedIn(type, false);
        return Properties.read(new FieldReader(type, bytes, 0, bytes.length), type, will);
    }

    /** A value of {@code property}'s type written as text: a number, a string, binary data in hex, or name=value. */
    private static Object value(Property property, String text) {
        return switch (property.type()) {
            case BYTE, TWO_BYTE_INTEGER, VARIABLE_BYTE_INTEGER -> Integer.decode(text);
            case FOUR_BYTE_INTEGER -> Long.decode(text);
            case UTF8_STRING -> text;
            case BINARY -> hex(text);
            case UTF8_STRING_PAIR -> new UserProperty(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
        };
    }

    /**
     * A value of every type (section 1.5): Byte; Two Byte and Four Byte Integers, big-endian and
     * unsigned (values of 2^31 and over included); Variable Byte Integers at the bounds of Table 1-1,
     * one to four bytes; UTF-8 Encoded Strings, Binary Data and UTF-8 String Pairs, empty ones included.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            PAYLOAD_FORMAT_INDICATOR    | 1                | 01 01
            MAXIMUM_QOS                 | 0                | 24 00
            REQUEST_PROBLEM_INFORMATION | 1                | 17 01
            RECEIVE_MAXIMUM             | 65535            | 21 FF FF
            TOPIC_ALIAS                 | 1                | 23 00 01
            SERVER_KEEP_ALIVE           | 256              | 13 01 00
            MESSAGE_EXPIRY_INTERVAL     | 0                | 02 00 00 00 00
            SESSION_EXPIRY_INTERVAL     | 0x7FFFFFFF       | 11 7F FF FF FF
            SESSION_EXPIRY_INTERVAL     | 0x80000000       | 11 80 00 00 00
            MAXIMUM_PACKET_SIZE         | 0x80000001       | 27 80 00 00 01
            WILL_DELAY_INTERVAL         | 3000000000       | 18 B2 D0 5E 00
            SESSION_EXPIRY_INTERVAL     | 0xFFFFFFFF       | 11 FF FF FF FF
            SUBSCRIPTION_IDENTIFIER     | 1                | 0B 01
            SUBSCRIPTION_IDENTIFIER     | 127              | 0B 7F
            SUBSCRIPTION_IDENTIFIER     | 128              | 0B 80 01
            SUBSCRIPTION_IDENTIFIER     | 16383            | 0B FF 7F
            SUBSCRIPTION_IDENTIFIER     | 16384            | 0B 80 80 01
            SUBSCRIPTION_IDENTIFIER     | 2097151          | 0B FF FF 7F
            SUBSCRIPTION_IDENTIFIER     | 2097152          | 0B 80 80 80 01
            SUBSCRIPTION_IDENTIFIER     | 268435455        | 0B FF FF FF 7F
            CONTENT_TYPE                | text/plain       | 03 00 0A 74 65 78 74 2F 70 6C 61 69 6E
            REASON_STRING               | \u00e9           | 1F 00 02 C3 A9
            ASSIGNED_CLIENT_IDENTIFIER  | ''               | 12 00 00
            RESPONSE_TOPIC              | a/\ud83d\ude00   | 08 00 06 61 2F F0 9F 98 80
            CORRELATION_DATA            | 00 FF            | 09 00 02 00 FF
            AUTHENTICATION_DATA         | ''               | 16 00 00
            USER_PROPERTY               | name=value       | 26 00 04 6E 61 6D 65 00 05 76 61 6C 75 65
            USER_PROPERTY               | =                | 26 00 00 00 00
            """)
    void encodesAndDecodesEachTypeOfValue(Property property, String text, String hex) throws Exception {
        Object value = value(property, text);
        Properties properties = Properties.of(List.of(new Entry(property, value)));
        byte[] bytes = hex(hex);
        assertArrayEquals(bytes, properties.toBytes());
        assertEquals(bytes.length, properties.encodedLength());
        Properties read = read(property, hex(propertyBlock(hex)));
        assertEquals(properties, read);
        if (value instanceof byte[] binary) {
            assertArrayEquals(binary, read.binary(property));
        } else {
            assertEquals(value, read.value(property));
        }
    }

    static Stream<Arguments> valuesTheirTypeCannotHold() {
        return Stream.of(
                Arguments.of(Property.PAYLOAD_FORMAT_INDICATOR, 256),
                Arguments.of(Property.PAYLOAD_FORMAT_INDICATOR, -1),
                Arguments.of(Property.RECEIVE_MAXIMUM, 65_536),
                Arguments.of(Property.SESSION_EXPIRY_INTERVAL, 5),
                Arguments.of(Property.SESSION_EXPIRY_INTERVAL, 1L << 32),
                Arguments.of(Property.SESSION_EXPIRY_INTERVAL, -1L),
                Arguments.of(Property.SUBSCRIPTION_IDENTIFIER, 268_435_456),
                Arguments.of(Property.SUBSCRIPTION_IDENTIFIER, 5L),
                Arguments.of(Property.CONTENT_TYPE, utf8("text")),
                Arguments.of(Property.CORRELATION_DATA, "text"),
                Arguments.of(Property.USER_PROPERTY, "a=b"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("valuesTheirTypeCannotHold")
    void refusesAValueItsTypeCannotHold(Property property, Object value) {
        assertThrows(IllegalArgumentException.class, () -> new Entry(property, value));
        assertThrows(IllegalArgumentException.class, () -> Properties.builder().add(property, value));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "TOPIC_ALIAS, 4294967297",
            "TOPIC_ALIAS, 4294967296",
            "RECEIVE_MAXIMUM, 4294967296",
            "SUBSCRIPTION_IDENTIFIER, 4294967297",
            "MAXIMUM_QOS, 4294967297",
            "PAYLOAD_FORMAT_INDICATOR, -4294967295",
            "TOPIC_ALIAS, 65536",
            "SUBSCRIPTION_IDENTIFIER, -1"})
    void refusesANumberItsTypeCannotHoldRatherThanCutIt(Property property, long value) {
        // the low 32 bits of each of the first six would fit: the value is refused, not cut to them
        assertThrows(IllegalArgumentException.class, () -> Properties.builder().add(property, value));
    }

    @Test
    void refusesToEncodeAStringOrBinaryValueMqttCannotCarry() {
        Properties nul = Properties.builder().add(Property.CONTENT_TYPE, "a\u0000b").build();
        assertThrows(IllegalArgumentException.class, nul::toBytes);
        Properties surrogate = Properties.builder().user("a", "\ud800").build();
        assertThrows(IllegalArgumentException.class, surrogate::toBytes);
        Properties longString = Properties.builder().add(Property.REASON_STRING, "x".repeat(65_536)).build();
        assertThrows(IllegalArgumentException.class, longString::toBytes);
        Properties longBinary = Properties.builder().add(Property.CORRELATION_DATA, new byte[65_536]).build();
        assertThrows(IllegalArgumentException.class, longBinary::toBytes);
    }

    // --- repeated properties (section 2.2.2.2) ---

    @Test
    void refusesASinglePropertyTwiceButRepeatsUserPropertiesAndSubscriptionIdentifiers() {
        Entry contentType = new Entry(Property.CONTENT_TYPE, "a");
        assertThrows(IllegalArgumentException.class, () -> Properties.of(List.of(contentType, contentType)));
        assertThrows(IllegalArgumentException.class,
                () -> Properties.builder().add(Property.TOPIC_ALIAS, 1).add(Property.TOPIC_ALIAS, 2).build());
        Properties repeated = Properties.builder().user("a", "1").add(Property.SUBSCRIPTION_IDENTIFIER, 2).user("a", "1")
                .add(Property.SUBSCRIPTION_IDENTIFIER, 2).build();
        assertEquals(4, repeated.entries().size());
    }

    @Test
    void keepsRepeatedUserPropertiesAndSubscriptionIdentifiersInTheirOrder() throws Exception {
        // the server forwards User Properties in their order [MQTT-3.3.2-18]; several Subscription Identifiers (section 3.3.4)
        String entries = "26 00 01 62 00 01 32 0B 05 26 00 01 61 00 01 31 0B 01 26 00 01 62 00 01 33 0B 83 01";
        Publish publish = (Publish) MqttDecoder.decode(packet(0x30, "00 01 74 " + propertyBlock(entries)), Receiver.CLIENT, LEVEL);
        Properties properties = publish.properties();
        assertEquals(List.of(new UserProperty("b", "2"), new UserProperty("a", "1"), new UserProperty("b", "3")),
                properties.userProperties());
        assertEquals(List.of(5, 1, 131), properties.subscriptionIdentifiers());
        assertEquals(new UserProperty("b", "2"), properties.value(Property.USER_PROPERTY), "the first");
        assertEquals(HexFormat.of().formatHex(hex(entries)), HexFormat.of().formatHex(properties.toBytes()), "written in order");
    }

    @Test
    void keepsTheWillPropertiesApartFromTheConnectsOwn() throws Exception {
        // Will Properties are a field of the payload of their own (section 3.1.3.2) [MQTT-3.1.3-10]
        byte[] bytes = connect(0x06, "26 00 01 63 00 01 31 11 00 00 00 05",
                "00 01 63 " + propertyBlock("26 00 01 77 00 01 31 18 00 00 00 3C 26 00 01 77 00 01 32") + " 00 01 77 00 00");
        Connect connect = (Connect) MqttDecoder.decode(bytes, Receiver.SERVER, LEVEL);
        assertEquals(Properties.builder().user("c", "1").add(Property.SESSION_EXPIRY_INTERVAL, 5).build(), connect.properties());
        Properties will = connect.will().properties();
        assertEquals(List.of(new UserProperty("w", "1"), new UserProperty("w", "2")), will.userProperties());
        assertEquals(60, will.number(Property.WILL_DELAY_INTERVAL, 0));
        assertFalse(will.has(Property.SESSION_EXPIRY_INTERVAL));
        assertArrayEquals(bytes, MqttEncoder.encode(connect, LEVEL));
    }

    // --- what a store keeps of a message's properties ---

    private static Properties everyPublishProperty() {
        return Properties.builder()
                .add(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .add(Property.MESSAGE_EXPIRY_INTERVAL, 0xFFFF_FFFEL)
                .add(Property.CONTENT_TYPE, "application/json")
                .user("x", "1")
                .add(Property.RESPONSE_TOPIC, "reply/to")
                .add(Property.CORRELATION_DATA, new byte[] {9, 8, 7})
                .add(Property.TOPIC_ALIAS, 3)
                .user("x", "2")
                .add(Property.SUBSCRIPTION_IDENTIFIER, 268_435_455)
                .build();
    }

    @Test
    void readsBackWhatToBytesWrites() {
        Properties properties = everyPublishProperty();
        byte[] bytes = properties.toBytes();
        assertEquals(properties.encodedLength(), bytes.length, "no length in front");
        assertEquals(properties, Properties.ofPublishBytes(bytes));
        assertEquals("0101030001740b02", HexFormat.of().formatHex(Properties.builder().add(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .add(Property.CONTENT_TYPE, "t").add(Property.SUBSCRIPTION_IDENTIFIER, 2).build().toBytes()));
        assertEquals(0, Properties.NONE.toBytes().length);
        assertSame(Properties.NONE, Properties.ofPublishBytes(new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"11 00 00 00 01", "03 00 05 61", "01 01 01 00", "04 00", "01 02", "0B 00", "23", "26 00 01 61"})
    void ofPublishBytesRefusesBytesThatAreNotPropertiesOfAPublish(String hex) {
        assertThrows(IllegalArgumentException.class, () -> Properties.ofPublishBytes(hex(hex)));
    }

    @Test
    void keepsOnlyTheApplicationProperties() {
        // the ones the server forwards unaltered [MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17] [MQTT-3.3.2-20]
        assertEquals(EnumSet.of(Property.PAYLOAD_FORMAT_INDICATOR, Property.CONTENT_TYPE, Property.RESPONSE_TOPIC,
                Property.CORRELATION_DATA, Property.USER_PROPERTY), Properties.APPLICATION);
        Properties application = everyPublishProperty().only(Properties.APPLICATION);
        List<Property> kept = new ArrayList<>();
        application.entries().forEach(e -> kept.add(e.property()));
        assertEquals(List.of(Property.PAYLOAD_FORMAT_INDICATOR, Property.CONTENT_TYPE, Property.USER_PROPERTY,
                Property.RESPONSE_TOPIC, Property.CORRELATION_DATA, Property.USER_PROPERTY), kept);
        assertEquals(List.of(new UserProperty("x", "1"), new UserProperty("x", "2")), application.userProperties());
        assertSame(application, application.only(Properties.APPLICATION), "nothing to leave out");
        assertSame(Properties.NONE, Properties.builder().add(Property.TOPIC_ALIAS, 1).build().only(Properties.APPLICATION));
        assertSame(Properties.NONE, Properties.NONE.only(Properties.APPLICATION));
        assertEquals(application, Properties.ofPublishBytes(application.toBytes()));
    }

    @Test
    void answersForPropertiesItHasAndHasNot() {
        Properties properties = everyPublishProperty();
        assertEquals(0xFFFF_FFFEL, properties.number(Property.MESSAGE_EXPIRY_INTERVAL, -1));
        assertEquals(-1, properties.number(Property.SESSION_EXPIRY_INTERVAL, -1));
        assertEquals("application/json", properties.string(Property.CONTENT_TYPE));
        assertArrayEquals(new byte[] {9, 8, 7}, properties.binary(Property.CORRELATION_DATA));
        assertNull(properties.string(Property.REASON_STRING));
        assertNull(properties.binary(Property.AUTHENTICATION_DATA));
        assertTrue(properties.has(Property.TOPIC_ALIAS));
        assertFalse(properties.has(Property.SERVER_REFERENCE));
        assertTrue(Properties.NONE.isEmpty());
        assertEquals(List.of(), Properties.NONE.userProperties());
    }
}
