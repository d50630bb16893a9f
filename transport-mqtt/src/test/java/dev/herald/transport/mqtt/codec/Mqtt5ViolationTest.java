package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttPacket.Auth;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttProtocolException.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static dev.herald.transport.mqtt.codec.TestPackets.packet;
import static dev.herald.transport.mqtt.codec.TestPackets.utf8;
import static dev.herald.transport.mqtt.codec.TestPackets5.LEVEL;
import static dev.herald.transport.mqtt.codec.TestPackets5.connect;
import static dev.herald.transport.mqtt.codec.TestPackets5.propertyBlock;
import static dev.herald.transport.mqtt.codec.TestPackets5.string;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule of MQTT 5.0 that a received packet can break, and the reason code the decoder
 * gives it (section 4.13): 0x81 for a Malformed Packet, 0x82 for a Protocol Error, or the more
 * specific code the standard names.
 */
class Mqtt5ViolationTest {

    private static final int MALFORMED = ReasonCode.MALFORMED_PACKET;
    private static final int PROTOCOL_ERROR = ReasonCode.PROTOCOL_ERROR;

    /** Asserts that decoding {@code bytes} at {@code level} fails with {@code reasonCode} and a message that contains {@code cited}. */
    private static MqttProtocolException assertRefused(int reasonCode, String cited, byte[] bytes, Receiver receiver, int level) {
        MqttProtocolException e = assertThrows(MqttProtocolException.class, () -> MqttDecoder.decode(bytes, receiver, level),
                () -> "decoding " + HexFormat.of().formatHex(bytes) + " at level " + level);
        assertEquals(Integer.toHexString(reasonCode), Integer.toHexString(e.reasonCode()), e::getMessage);
        assertTrue(e.getMessage().contains(cited), () -> "'" + e.getMessage() + "' cites " + cited);
        return e;
    }

    private static MqttProtocolException assertRefused(int reasonCode, String cited, byte[] bytes) {
        return assertRefused(reasonCode, cited, bytes, Receiver.ANY, LEVEL);
    }

    private static MqttPacket decode(byte[] bytes) throws Exception {
        return MqttDecoder.decode(bytes, Receiver.ANY, LEVEL);
    }

    /** A QoS 0 PUBLISH to topic t with these properties' entries. */
    private static byte[] publish(String propertyEntries) {
        return packet(0x30, "00 01 74 " + propertyBlock(propertyEntries));
    }

    /** A CONNECT with a will whose properties have these entries. */
    private static byte[] connectWithWill(String willPropertyEntries) {
        return connect(0x06, "", "00 01 63 " + propertyBlock(willPropertyEntries) + " 00 01 77 00 00");
    }

    /** A SUBSCRIBE of one filter with this subscription options byte. */
    private static byte[] subscribe(String filter, int options) {
        return packet(0x82, "00 01 00 " + string(filter) + HexFormat.of().toHexDigits((byte) options));
    }

    // --- properties (section 2.2.2) ---

    static Stream<Arguments> propertiesInTheWrongPacket() {
        return Stream.of(
                Arguments.of("PUBLISH, Session Expiry Interval", publish("11 00 00 00 0A")),
                Arguments.of("PUBLISH, Will Delay Interval", publish("18 00 00 00 0A")),
                Arguments.of("CONNECT, Topic Alias", connect(0x02, "23 00 01", "00 01 63")),
                Arguments.of("CONNECT, Will Delay Interval, a will property", connect(0x02, "18 00 00 00 0A", "00 01 63")),
                Arguments.of("will, Subscription Identifier", connectWithWill("0B 01")),
                Arguments.of("will, Session Expiry Interval", connectWithWill("11 00 00 00 01")),
                Arguments.of("CONNACK, Request Problem Information", packet(0x20, "00 00 " + propertyBlock("17 01"))),
                Arguments.of("PUBACK, Server Reference", packet(0x40, "00 0A 80 " + propertyBlock("1C 00 01 73"))),
                Arguments.of("SUBSCRIBE, Reason String", packet(0x82, "00 0A " + propertyBlock("1F 00 01 72") + " 00 01 74 00")),
                Arguments.of("SUBACK, Subscription Identifier", packet(0x90, "00 0A " + propertyBlock("0B 01") + " 00")),
                Arguments.of("UNSUBSCRIBE, Subscription Identifier", packet(0xA2, "00 0A " + propertyBlock("0B 01") + " 00 01 74")),
                Arguments.of("UNSUBACK, Topic Alias", packet(0xB0, "00 0A " + propertyBlock("23 00 01") + " 00")),
                Arguments.of("DISCONNECT, Authentication Method", packet(0xE0, "00 " + propertyBlock("15 00 01 61"))),
                Arguments.of("AUTH, Session Expiry Interval",
                        packet(0xF0, "18 " + propertyBlock("15 00 01 61 11 00 00 00 0A"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("propertiesInTheWrongPacket")
    void refusesAPropertyThePacketCannotCarry(String name, byte[] bytes) {
        // section 2.2.2.2: an identifier not valid for the packet type is a Malformed Packet
        assertRefused(MALFORMED, "which it cannot have", bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"00", "04", "0A", "0C", "14", "1B", "1D", "1E", "20", "2B", "7F", "80 01", "FF 7F"})
    void refusesAnUndefinedPropertyIdentifier(String id) {
        // Table 2-4 lists every identifier; any other is not valid for any packet (section 2.2.2.2)
        assertRefused(MALFORMED, "not defined", publish(id + " 00 00 00 00"));
    }

    static Stream<Arguments> singlePropertiesTwice() {
        return Stream.of(
                Arguments.of("PUBLISH, Payload Format Indicator (section 3.3.2.3.2)", publish("01 00 01 01")),
                Arguments.of("PUBLISH, Topic Alias (section 3.3.2.3.4)", publish("23 00 01 23 00 02")),
                Arguments.of("PUBLISH, Content Type (section 3.3.2.3.9)", publish("03 00 01 61 03 00 01 62")),
                Arguments.of("CONNECT, Session Expiry Interval (section 3.1.2.11.2)",
                        connect(0x02, "11 00 00 00 01 11 00 00 00 01", "00 01 63")),
                Arguments.of("CONNECT, Authentication Method (section 3.1.2.11.9)",
                        connect(0x02, "15 00 01 61 15 00 01 61", "00 01 63")),
                Arguments.of("will, Will Delay Interval (section 3.1.3.2.2)", connectWithWill("18 00 00 00 01 18 00 00 00 01")),
                Arguments.of("CONNACK, Maximum QoS (section 3.2.2.3.4)", packet(0x20, "00 00 " + propertyBlock("24 00 24 01"))),
                Arguments.of("CONNACK, Assigned Client Identifier (section 3.2.2.3.7)",
                        packet(0x20, "00 00 " + propertyBlock("12 00 01 61 12 00 01 62"))),
                Arguments.of("PUBACK, Reason String (section 3.4.2.2.2)", packet(0x40, "00 0A 80 " + propertyBlock("1F 00 00 1F 00 00"))),
                Arguments.of("DISCONNECT, Server Reference (section 3.14.2.2.5)",
                        packet(0xE0, "9C " + propertyBlock("1C 00 01 73 1C 00 01 74"))),
                Arguments.of("AUTH, Authentication Data (section 3.15.2.2.3)",
                        packet(0xF0, "18 " + propertyBlock("15 00 01 61 16 00 00 16 00 00"))),
                // repeatable in a PUBLISH, but not in a SUBSCRIBE (section 3.8.2.1.2)
                Arguments.of("SUBSCRIBE, Subscription Identifier (section 3.8.2.1.2)",
                        packet(0x82, "00 0A " + propertyBlock("0B 01 0B 02") + " 00 01 74 00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singlePropertiesTwice")
    void refusesASinglePropertyTwice(String name, byte[] bytes) {
        assertRefused(PROTOCOL_ERROR, "twice", bytes);
    }

    static Stream<Arguments> valuesTheStandardRulesOut() {
        return Stream.of(
                // sections 3.1.2.11.3 and 3.2.2.3.3
                Arguments.of("CONNECT, Receive Maximum 0", connect(0x02, "21 00 00", "00 01 63"), "never 0"),
                Arguments.of("CONNACK, Receive Maximum 0", packet(0x20, "00 00 " + propertyBlock("21 00 00")), "never 0"),
                // sections 3.1.2.11.4 and 3.2.2.3.6
                Arguments.of("CONNECT, Maximum Packet Size 0", connect(0x02, "27 00 00 00 00", "00 01 63"), "never 0"),
                Arguments.of("CONNACK, Maximum Packet Size 0", packet(0x20, "00 00 " + propertyBlock("27 00 00 00 00")), "never 0"),
                // sections 3.3.2.3.8 and 3.8.2.1.2
                Arguments.of("PUBLISH, Subscription Identifier 0", publish("0B 00"), "never 0"),
                Arguments.of("SUBSCRIBE, Subscription Identifier 0",
                        packet(0x82, "00 0A " + propertyBlock("0B 00") + " 00 01 74 00"), "never 0"),
                // sections 3.3.2.3.2 and 3.1.3.2.3: 0 or 1
                Arguments.of("PUBLISH, Payload Format Indicator 2", publish("01 02"), "0 or 1"),
                Arguments.of("will, Payload Format Indicator 2", connectWithWill("01 02"), "0 or 1"),
                // sections 3.1.2.11.7 and 3.1.2.11.6
                Arguments.of("CONNECT, Request Problem Information 2", connect(0x02, "17 02", "00 01 63"), "0 or 1"),
                Arguments.of("CONNECT, Request Response Information 2", connect(0x02, "19 02", "00 01 63"), "0 or 1"),
                // sections 3.2.2.3.4, 3.2.2.3.5, 3.2.2.3.11, 3.2.2.3.12, 3.2.2.3.13
                Arguments.of("CONNACK, Maximum QoS 2", packet(0x20, "00 00 " + propertyBlock("24 02")), "0 or 1"),
                Arguments.of("CONNACK, Retain Available 2", packet(0x20, "00 00 " + propertyBlock("25 02")), "0 or 1"),
                Arguments.of("CONNACK, Wildcard Subscription Available 2", packet(0x20, "00 00 " + propertyBlock("28 02")), "0 or 1"),
                Arguments.of("CONNACK, Subscription Identifier Available 255",
                        packet(0x20, "00 00 " + propertyBlock("29 FF")), "0 or 1"),
                Arguments.of("CONNACK, Shared Subscription Available 2", packet(0x20, "00 00 " + propertyBlock("2A 02")), "0 or 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesTheStandardRulesOut")
    void refusesAValueTheStandardRulesOut(String name, byte[] bytes, String cited) {
        assertRefused(PROTOCOL_ERROR, cited, bytes);
    }

    @Test
    void refusesTopicAlias0WithTopicAliasInvalid() {
        // [MQTT-3.3.2-8]; the receiver answers 0x94 (section 3.3.4)
        assertRefused(ReasonCode.TOPIC_ALIAS_INVALID, "[MQTT-3.3.2-8]", publish("23 00 00"));
        assertRefused(ReasonCode.TOPIC_ALIAS_INVALID, "[MQTT-3.3.2-8]", packet(0x30, "00 00 " + propertyBlock("23 00 00")));
    }

    @Test
    void refusesPropertiesThatRunPastThePacket() {
        assertRefused(MALFORMED, "runs past the remaining length", packet(0x40, "00 0A 10 05 1F"));
        assertRefused(MALFORMED, "runs past the remaining length", packet(0xE0, "00 05 1F 00"));
        assertRefused(MALFORMED, "runs past the remaining length", packet(0x10, "00 04 4D 51 54 54 05 02 00 3C 7F 00 01 63"));
        // the property length's Variable Byte Integer cut short, or longer than four bytes (section 1.5.5)
        assertRefused(MALFORMED, "property length", packet(0x30, "00 01 74 80"));
        assertRefused(MALFORMED, "longer than four bytes", packet(0x30, "00 01 74 80 80 80 80 01"));
        // a string whose length runs past the packet
        assertRefused(MALFORMED, "runs past the remaining length", packet(0x30, "00 01 74 04 03 00 09 61"));
    }

    @Test
    void refusesAPropertyThatRunsPastThePropertyLength() {
        // a property length of 2 for a Topic Alias of three bytes, which takes a byte of the payload
        assertRefused(MALFORMED, "runs past the property length", packet(0x30, "00 01 74 02 23 00 01"));
        // a user property's value that runs into the topic filter of a SUBSCRIBE
        assertRefused(MALFORMED, "runs past the property length",
                packet(0x82, "00 0A 05 26 00 01 61 00 01 62 00 01 74 00"));
    }

    @Test
    void refusesIllFormedUtf8AndUPlus0000InAPropertyString() {
        // sections 1.5.4 [MQTT-1.5.4-1] [MQTT-1.5.4-2] and 1.5.7 [MQTT-1.5.7-1]
        assertRefused(MALFORMED, "UTF-8", publish("26 00 01 C3 00 01 62"));
        assertRefused(MALFORMED, "U+0000", publish("03 00 02 61 00"));
        assertRefused(MALFORMED, "UTF-8", publish("08 00 03 ED A0 80"));
    }

    // --- SUBSCRIBE's options (section 3.8.3.1) ---

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x80, 0xC0, 0x41, 0xEE})
    void refusesSubscriptionOptionsWithReservedBits(int options) {
        assertRefused(MALFORMED, "[MQTT-3.8.3-5]", subscribe("t", options));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x30, 0x31, 0x3E})
    void refusesRetainHandling3(int options) {
        assertRefused(PROTOCOL_ERROR, "Retain Handling 3", subscribe("t", options));
    }

    @ParameterizedTest
    @ValueSource(ints = {0x03, 0x1F})
    void refusesMaximumQos3(int options) {
        // "It is a Protocol Error if the Maximum QoS field has the value 3" (section 3.8.3.1)
        assertRefused(PROTOCOL_ERROR, "QoS 3", subscribe("t", options));
    }

    @Test
    void refusesNoLocalOnASharedSubscriptionOnly() throws Exception {
        assertRefused(PROTOCOL_ERROR, "[MQTT-3.8.3-4]", subscribe("$share/g/t", 0x04));
        assertEquals(new Subscribe(1, List.of(new Subscription("t", 0, true, false, 0))), decode(subscribe("t", 0x04)));
        assertEquals(new Subscribe(1, List.of(new Subscription("$share/g/t", 2, false, true, 2))),
                decode(subscribe("$share/g/t", 0x2A)));
    }

    @Test
    void refusesSubscribeAndUnsubscribeWithoutTopicFilters() {
        // "A SUBSCRIBE packet with no Payload is a Protocol Error" [MQTT-3.8.3-2]; UNSUBSCRIBE alike [MQTT-3.10.3-2]
        assertRefused(PROTOCOL_ERROR, "no topic filter", packet(0x82, "00 0A 00"));
        assertRefused(PROTOCOL_ERROR, "no topic filter", packet(0xA2, "00 0A 00"));
    }

    // --- packet types and who receives them ---

    @Test
    void refusesAuthAtLevel4AsAReservedType() throws Exception {
        // type 15 is reserved in MQTT 3.1.1 and is AUTH in MQTT 5.0 (section 2.1.2)
        assertRefused(MALFORMED, "reserved", hex("F0 00"), Receiver.ANY, MqttPacket.PROTOCOL_LEVEL);
        assertEquals(new Auth(ReasonCode.SUCCESS, Properties.NONE), decode(hex("F0 00")));
        MqttDecoder beforeConnect = new MqttDecoder(new ByteArrayInputStream(hex("F0 00")), 1024, Receiver.SERVER);
        assertThrows(MqttProtocolException.class, beforeConnect::next);
        // both sides send AUTH (section 3.15)
        MqttDecoder.decode(hex("F0 00"), Receiver.SERVER, LEVEL);
        MqttDecoder.decode(hex("F0 00"), Receiver.CLIENT, LEVEL);
    }

    @Test
    void refusesFlagsOnAuthAndALengthOnPingreq() {
        assertRefused(MALFORMED, "flags", hex("F1 00")); // [MQTT-3.15.1-1]
        assertRefused(MALFORMED, "remaining length", hex("C0 01 00"));
        assertRefused(MALFORMED, "remaining length", hex("D0 01 00"));
    }

    @Test
    void letsAClientReceiveDisconnectAtLevel5Only() throws Exception {
        // MQTT 3.1.1 has only clients send DISCONNECT [MQTT-4.8.0-1]; in MQTT 5.0 a server sends it too (section 3.14)
        assertRefused(MALFORMED, "[MQTT-4.8.0-1]", hex("E0 00"), Receiver.CLIENT, MqttPacket.PROTOCOL_LEVEL);
        assertEquals(new Disconnect(), MqttDecoder.decode(hex("E0 00"), Receiver.CLIENT, LEVEL));
        assertEquals(new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, Properties.NONE),
                MqttDecoder.decode(hex("E0 01 8B"), Receiver.CLIENT, LEVEL));
        assertEquals(new Disconnect(), MqttDecoder.decode(hex("E0 00"), Receiver.SERVER, MqttPacket.PROTOCOL_LEVEL));
    }

    @Test
    void refusesOnAServerThePacketsOnlyAServerSendsAtLevel5Too() {
        for (String hex : new String[] {"20 03 00 00 00", "90 04 00 01 00 00", "B0 04 00 01 00 00", "D0 00"}) {
            assertRefused(MALFORMED, "[MQTT-4.8.0-1]", hex(hex), Receiver.SERVER, LEVEL);
        }
    }

    // --- reason codes (section 2.4, Table 2-6, and each packet's table) ---

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            PUBACK 0x92, only PUBREL and PUBCOMP have it   | 40 03 00 0A 92
            PUBREC 0x04                                    | 50 03 00 0A 04
            PUBREL 0x10, only PUBACK and PUBREC have it    | 62 03 00 0A 10
            PUBCOMP 0x80                                   | 70 03 00 0A 80
            CONNACK 0x05, a return code of MQTT 3.1.1      | 20 03 00 05 00
            CONNACK 0x8E, a DISCONNECT's                   | 20 03 00 8E 00
            SUBACK 0x03                                    | 90 04 00 0A 00 03
            SUBACK 0x10                                    | 90 04 00 0A 00 10
            UNSUBACK 0x01                                  | B0 04 00 0A 00 01
            DISCONNECT 0x84, a CONNACK's                   | E0 01 84
            DISCONNECT 0x01                                | E0 01 01
            AUTH 0x04                                      | F0 02 04 00
            AUTH 0x87                                      | F0 02 87 00
            """)
    void refusesAReasonCodeThePacketTypeCannotHave(String name, String hex) {
        // each packet's table of reason codes, e.g. [MQTT-3.4.2-1], [MQTT-3.9.3-2], [MQTT-3.14.2-1], [MQTT-3.15.2-1]
        assertRefused(MALFORMED, "", hex(hex));
    }

    @Test
    void refusesSessionPresentWithAFailure() {
        assertRefused(MALFORMED, "session present", hex("20 03 01 80 00")); // [MQTT-3.2.2-6]
    }

    @Test
    void refusesAnUnsubackWithoutReasonCodesAndAConnackWithoutPropertyLength() {
        assertRefused(MALFORMED, "no reason code", hex("B0 03 00 0A 00")); // section 3.11.3
        assertRefused(MALFORMED, "property length", hex("20 02 00 00")); // section 3.2.2.3.1
    }

    // --- enhanced authentication (sections 3.1.2.11.10, 3.15.2.2.2) ---

    @Test
    void refusesAuthenticationDataWithoutAMethod() {
        // "It is a Protocol Error to include Authentication Data if there is no Authentication Method"
        assertRefused(PROTOCOL_ERROR, "Authentication Method", connect(0x02, "16 00 01 FF", "00 01 63"));
        // "It is a Protocol Error to omit the Authentication Method" from an AUTH
        assertRefused(PROTOCOL_ERROR, "Authentication Method", packet(0xF0, "18 " + propertyBlock("16 00 01 FF")));
        assertRefused(PROTOCOL_ERROR, "Authentication Method", hex("F0 02 18 00"));
        assertRefused(PROTOCOL_ERROR, "Authentication Method", hex("F0 01 19"));
    }

    // --- the packet size (sections 3.1.2.11.4, 3.2.2.3.6) ---

    @Test
    void answersAPacketOverTheLimitWithPacketTooLarge() throws Exception {
        byte[] publish = TestPackets5.samples().stream().filter(s -> s.name().contains("every PUBLISH property"))
                .findFirst().orElseThrow().bytes();
        MqttDecoder atTheLimit = new MqttDecoder(new ByteArrayInputStream(publish), publish.length, Receiver.SERVER);
        atTheLimit.protocolLevel(LEVEL);
        assertEquals(MqttDecoder.decode(publish, Receiver.ANY, LEVEL), atTheLimit.next());
        MqttDecoder overTheLimit = new MqttDecoder(new ByteArrayInputStream(publish), publish.length - 1, Receiver.SERVER);
        overTheLimit.protocolLevel(LEVEL);
        MqttProtocolException e = assertThrows(MqttProtocolException.class, overTheLimit::next);
        assertEquals(ReasonCode.PACKET_TOO_LARGE, e.reasonCode(), e::getMessage);
        assertTrue(e.getMessage().contains("over the limit"), e::getMessage);
    }

    // --- PUBLISH's topic name (section 3.3.2.1) ---

    @Test
    void refusesAnEmptyTopicNameWithoutATopicAlias() {
        // "It is a Protocol Error if the Topic Name is zero length and there is no Topic Alias"
        assertRefused(PROTOCOL_ERROR, "Topic Alias", packet(0x30, "00 00 00 78"));
        assertRefused(PROTOCOL_ERROR, "Topic Alias", packet(0x30, "00 00 " + propertyBlock("01 01")));
        // in MQTT 3.1.1 every topic name has a character [MQTT-4.7.3-1]
        assertRefused(MALFORMED, "[MQTT-4.7.3-1]", hex("30 02 00 00"), Receiver.ANY, MqttPacket.PROTOCOL_LEVEL);
    }

    @Test
    void acceptsAnEmptyTopicNameWithATopicAlias() throws Exception {
        Publish publish = (Publish) decode(packet(0x32, "00 00 00 07 " + propertyBlock("23 00 05") + " 78"));
        assertEquals("", publish.topic());
        assertEquals(5, publish.properties().number(Property.TOPIC_ALIAS, 0));
        assertArrayEquals(utf8("x"), publish.payload());
    }

    @Test
    void refusesAWildcardInATopicNameAtLevel5Too() {
        assertRefused(MALFORMED, "[MQTT-3.3.2-2]", packet(0x30, string("a/+") + "00"));
        assertRefused(MALFORMED, "[MQTT-3.3.2-2]", packet(0x30, string("#") + propertyBlock("23 00 01")));
    }

    // --- CONNECT (section 3.1) ---

    @Test
    void acceptsAPasswordWithoutAUserNameAtLevel5Only() throws Exception {
        // MQTT 5.0 allows it (section 3.1.2.9); MQTT 3.1.1 does not [MQTT-3.1.2-22]
        Connect connect = (Connect) MqttDecoder.decode(connect(0x42, "", "00 01 63 00 01 70"), Receiver.SERVER, LEVEL);
        assertNull(connect.userName());
        assertArrayEquals(utf8("p"), connect.password());
        assertRefused(MALFORMED, "[MQTT-3.1.2-22]", TestPackets.connect(0x42, "00 01 63 00 01 70"), Receiver.SERVER,
                MqttPacket.PROTOCOL_LEVEL);
    }

    @Test
    void acceptsAnEmptyClientIdWithCleanStart0AtLevel5() throws Exception {
        // MQTT 5.0 leaves it to the server, which assigns an identifier [MQTT-3.1.3-6] [MQTT-3.1.3-7]
        Connect connect = (Connect) MqttDecoder.decode(connect(0x00, "", "00 00"), Receiver.SERVER, LEVEL);
        assertEquals("", connect.clientId());
        assertFalse(connect.cleanSession());
        // MQTT 3.1.1 answers it with CONNACK 0x02 [MQTT-3.1.3-8]
        MqttProtocolException e = assertRefused(ReasonCode.CLIENT_IDENTIFIER_NOT_VALID, "[MQTT-3.1.3-8]",
                TestPackets.connect(0x00, "00 00"), Receiver.SERVER, MqttPacket.PROTOCOL_LEVEL);
        assertEquals(Action.REFUSE_CLIENT_ID, e.action());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 6, 0xFF})
    void answersAnotherProtocolVersionWithUnsupportedProtocolVersion(int level) {
        // [MQTT-3.1.2-2]: CONNACK 0x84 in MQTT 5.0, 0x01 in MQTT 3.1.1
        byte[] bytes = packet(0x10, "00 04 4D 51 54 54 " + HexFormat.of().toHexDigits((byte) level) + " 02 00 3C 00 00 01 63");
        MqttProtocolException e = assertRefused(ReasonCode.UNSUPPORTED_PROTOCOL_VERSION, "[MQTT-3.1.2-2]", bytes,
                Receiver.SERVER, LEVEL);
        assertEquals(Action.REFUSE_PROTOCOL_LEVEL, e.action());
    }

    @Test
    void refusesTheConnectFlagsOfAMalformedPacket() {
        assertRefused(MALFORMED, "[MQTT-3.1.2-3]", connect(0x03, "", "00 01 63")); // reserved flag
        assertRefused(MALFORMED, "QoS 3", connect(0x1E, "", "00 01 63 00 00 01 77 00 00")); // section 3.1.2.6
        assertRefused(MALFORMED, "will", connect(0x22, "", "00 01 63")); // [MQTT-3.1.2-13]
        assertRefused(MALFORMED, "property length", connect(0x06, "", "00 01 63")); // [MQTT-3.1.2-9]: no will properties
    }
}
