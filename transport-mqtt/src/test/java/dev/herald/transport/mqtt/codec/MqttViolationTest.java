package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttProtocolException.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HexFormat;
import java.util.Optional;

import static dev.herald.transport.mqtt.codec.TestPackets.connect;
import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static dev.herald.transport.mqtt.codec.TestPackets.packet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule of the standard that a received packet can break, and what the receiver is told to do. */
class MqttViolationTest {

    /** Asserts that decoding {@code bytes} fails with {@code action} and a message that contains {@code cited}. */
    private static MqttProtocolException assertViolation(Action action, String cited, byte[] bytes, Receiver receiver) {
        MqttProtocolException e = assertThrows(MqttProtocolException.class, () -> MqttDecoder.decode(bytes, receiver),
                () -> "decoding " + HexFormat.of().formatHex(bytes));
        assertEquals(action, e.action(), e::getMessage);
        assertTrue(e.getMessage().contains(cited), () -> "'" + e.getMessage() + "' cites " + cited);
        return e;
    }

    private static MqttProtocolException assertClose(String cited, byte[] bytes) {
        return assertViolation(Action.CLOSE, cited, bytes, Receiver.ANY);
    }

    private static byte[] subscribe(String filterHex) {
        return packet(0x82, "00 01 " + filterHex + " 01");
    }

    /** An MQTT string of {@code text}'s bytes, in hex. */
    private static String string(String text) {
        byte[] bytes = TestPackets.utf8(text);
        return HexFormat.of().toHexDigits((short) bytes.length) + HexFormat.of().formatHex(bytes);
    }

    // --- the fixed header ---

    @ParameterizedTest
    @ValueSource(strings = {"00 00", "F0 00", "0F 02 00 01"})
    void refusesTheReservedPacketTypes(String hex) {
        assertClose("reserved", hex(hex));
    }

    @ParameterizedTest
    @ValueSource(strings = {"60 02 00 01", "80 06 00 01 00 01 61 00", "A0 05 00 01 00 01 61",
            "63 02 00 01", "11 00", "21 02 00 00", "42 02 00 01", "C1 00", "E8 00"})
    void refusesFlagsOtherThanTable22Gives(String hex) {
        assertClose("[MQTT-2.2.2-1]", hex(hex));
    }

    @Test
    void refusesARemainingLengthOfFiveBytes() {
        assertClose("four bytes", hex("30 FF FF FF FF 7F"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0 01 00", "E0 01 00", "40 03 00 01 00", "62 01 00", "20 00"})
    void refusesARemainingLengthItsTypeNeverHas(String hex) {
        assertClose("remaining length", hex(hex));
    }

    @Test
    void refusesOnAServerThePacketsOnlyAServerSends() throws Exception {
        for (String hex : new String[] {"20 02 00 00", "90 03 00 01 00", "B0 02 00 01", "D0 00"}) {
            assertViolation(Action.CLOSE, "[MQTT-4.8.0-1]", hex(hex), Receiver.SERVER);
            MqttDecoder.decode(hex(hex), Receiver.CLIENT);
        }
    }

    @Test
    void refusesOnAClientThePacketsOnlyAClientSends() throws Exception {
        for (String hex : new String[] {"10 0F 00 04 4D 51 54 54 04 02 00 3C 00 03 61 62 63", "C0 00", "E0 00"}) {
            assertViolation(Action.CLOSE, "[MQTT-4.8.0-1]", hex(hex), Receiver.CLIENT);
            MqttDecoder.decode(hex(hex), Receiver.SERVER);
        }
    }

    // --- fields ---

    @Test
    void refusesAStringThatRunsPastTheRemainingLength() {
        assertClose("runs past the remaining length", hex("30 03 00 05 61"));
        assertClose("runs past the remaining length", hex("30 01 00"));
    }

    @Test
    void refusesBytesAfterThePacketInAnArray() {
        assertClose("bytes after the PINGREQ", hex("C0 00 00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3 28", "ED A0 80", "C0 AF", "F8 88 80 80 80", "61 80", "E2 82"})
    void refusesIllFormedUtf8(String bytes) {
        assertClose("[MQTT-1.5.3-1]", packet(0x30, HexFormat.of().toHexDigits((short) hex(bytes).length) + bytes));
    }

    @Test
    void refusesUPlus0000InAString() {
        assertClose("[MQTT-1.5.3-2]", hex("30 04 00 02 61 00"));
        assertClose("[MQTT-1.5.3-2]", connect(0x02, "00 02 61 00"));
    }

    @Test
    void keepsAByteOrderMarkAsACharacter() throws Exception {
        MqttPacket.Publish publish = (MqttPacket.Publish) MqttDecoder.decode(hex("30 06 00 04 EF BB BF 61"), Receiver.ANY);
        assertEquals("\ufeffa", publish.topic()); // [MQTT-1.5.3-3]
    }

    @ParameterizedTest
    @ValueSource(strings = {"32 05 00 01 61 00 00", "40 02 00 00", "50 02 00 00", "62 02 00 00", "70 02 00 00",
            "82 06 00 00 00 01 61 00", "A2 05 00 00 00 01 61", "90 03 00 00 00", "B0 02 00 00"})
    void refusesPacketIdentifierZero(String hex) {
        assertClose("[MQTT-2.3.1-1]", hex(hex));
    }

    // --- PUBLISH ---

    @Test
    void refusesQos3() {
        assertClose("[MQTT-3.3.1-4]", hex("36 05 00 01 61 00 01"));
    }

    @Test
    void refusesDupOnQos0() {
        assertClose("[MQTT-3.3.1-2]", hex("38 03 00 01 61"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "a/+", "a/#", "a+b"})
    void refusesAWildcardInATopicName(String topic) {
        assertClose("[MQTT-3.3.2-2]", packet(0x30, string(topic)));
    }

    @Test
    void refusesAnEmptyTopicName() {
        assertClose("[MQTT-4.7.3-1]", hex("30 02 00 00"));
    }

    // --- CONNECT ---

    @Test
    void refusesAnotherProtocolName() {
        assertClose("[MQTT-3.1.2-1]", packet(0x10, "00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 63"));
        assertClose("[MQTT-3.1.2-1]", packet(0x10, "00 04 6D 71 74 74 04 02 00 3C 00 01 63"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6, 255})
    void answersAnotherProtocolLevelWithConnack1(int level) {
        byte[] bytes = packet(0x10, "00 04 4D 51 54 54 " + HexFormat.of().toHexDigits((byte) level) + " 02 00 3C 00 01 63");
        MqttProtocolException e = assertViolation(Action.REFUSE_PROTOCOL_LEVEL, "[MQTT-3.1.2-2]", bytes, Receiver.SERVER);
        assertEquals(Optional.of(ConnectReturnCode.UNACCEPTABLE_PROTOCOL_VERSION), e.action().connack());
        assertEquals(1, e.action().connack().orElseThrow().code());
    }

    @Test
    void refusesTheReservedConnectFlag() {
        assertClose("[MQTT-3.1.2-3]", connect(0x03, "00 01 63"));
    }

    @Test
    void refusesAWillQosWithoutAWill() {
        assertClose("[MQTT-3.1.2-13]", connect(0x0A, "00 01 63"));
        assertClose("[MQTT-3.1.2-13]", connect(0x12, "00 01 63"));
    }

    @Test
    void refusesWillRetainWithoutAWill() {
        assertClose("[MQTT-3.1.2-15]", connect(0x22, "00 01 63"));
    }

    @Test
    void refusesWillQos3() {
        assertClose("[MQTT-3.1.2-14]", connect(0x1E, "00 01 63 00 01 77 00 00"));
    }

    @Test
    void refusesAPasswordWithoutAUserName() {
        assertClose("[MQTT-3.1.2-22]", connect(0x42, "00 01 63 00 01 70"));
    }

    @Test
    void refusesAMissingFieldThatAFlagAnnounces() {
        assertClose("will topic", connect(0x06, "00 01 63"));
        assertClose("user name", connect(0x82, "00 01 63"));
        assertClose("password", connect(0xC2, "00 01 63 00 01 75"));
    }

    @Test
    void refusesAFieldThatNoFlagAnnounces() {
        // a user name after the client id without the user name flag [MQTT-3.1.2-18]
        assertClose("after its last field", connect(0x02, "00 01 63 00 01 75"));
    }

    @Test
    void refusesAWildcardInTheWillTopic() {
        assertClose("[MQTT-3.3.2-2]", connect(0x06, "00 01 63 00 01 23 00 00"));
    }

    @Test
    void answersAnEmptyClientIdWithoutCleanSessionWithConnack2() {
        MqttProtocolException e = assertViolation(Action.REFUSE_CLIENT_ID, "[MQTT-3.1.3-8]",
                connect(0x00, "00 00"), Receiver.SERVER);
        assertEquals(Optional.of(ConnectReturnCode.IDENTIFIER_REJECTED), e.action().connack());
    }

    @Test
    void closesRatherThanAnswerWhenAnEmptyClientIdComesWithAMalformedPayload() {
        assertClose("after its last field", connect(0x00, "00 00 00"));
    }

    @Test
    void acceptsAnEmptyClientIdWithCleanSession() throws Exception {
        assertEquals(new Connect("", true, 60), MqttDecoder.decode(connect(0x02, "00 00"), Receiver.SERVER));
    }

    @Test
    void leavesOtherClientIdsToTheListener() throws Exception {
        String id = "client-\u00e9-" + "x".repeat(200);
        Connect connect = (Connect) MqttDecoder.decode(connect(0x02, string(id)), Receiver.SERVER);
        assertEquals(id, connect.clientId());
        assertFalse(connect.hasStandardClientId());
    }

    // --- SUBSCRIBE, SUBACK, UNSUBSCRIBE ---

    @Test
    void refusesASubscribeWithoutFilters() {
        assertClose("[MQTT-3.8.3-3]", hex("82 02 00 01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"03", "04", "81", "FF"})
    void refusesReservedBitsOrQos3InARequestedQos(String qos) {
        assertClose("[MQTT-3-8.3-4]", packet(0x82, "00 01 00 01 61 " + qos));
    }

    @Test
    void refusesAFilterWithoutItsRequestedQos() {
        assertClose("requested QoS", packet(0x82, "00 01 00 01 61"));
    }

    @Test
    void refusesAnUnsubscribeWithoutFilters() {
        assertClose("[MQTT-3.10.3-2]", hex("A2 02 00 01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b#", "#/a", "a/#/b", "##"})
    void refusesAMultiLevelWildcardThatIsNotTheWholeLastLevel(String filter) {
        assertClose("[MQTT-4.7.1-2]", subscribe(string(filter)));
        assertClose("[MQTT-4.7.1-2]", packet(0xA2, "00 01 " + string(filter)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "+a", "a/b+/c", "++", "+#"})
    void refusesASingleLevelWildcardThatIsNotAWholeLevel(String filter) {
        assertClose("[MQTT-4.7.1-3]", subscribe(string(filter)));
        assertClose("[MQTT-4.7.1-3]", packet(0xA2, "00 01 " + string(filter)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "+/+", "/+/", "a/#", "+/#", "/", "$SYS/#", "a//b"})
    void acceptsWildcardsThatAreWholeLevels(String filter) throws Exception {
        Subscribe subscribe = (Subscribe) MqttDecoder.decode(subscribe(string(filter)), Receiver.SERVER);
        assertEquals(filter, subscribe.subscriptions().getFirst().filter());
    }

    @Test
    void refusesAnEmptyTopicFilter() {
        assertClose("[MQTT-4.7.3-1]", subscribe("00 00"));
        assertClose("[MQTT-4.7.3-1]", packet(0xA2, "00 01 00 00"));
    }

    @Test
    void refusesAReservedSubackReturnCode() {
        assertClose("[MQTT-3.9.3-2]", hex("90 03 00 01 03"));
        assertClose("[MQTT-3.9.3-2]", hex("90 03 00 01 81"));
    }

    // --- CONNACK ---

    @Test
    void refusesAReservedConnackReturnCode() {
        assertClose("reserved return code", hex("20 02 00 06"));
    }

    @Test
    void refusesReservedAcknowledgeFlags() {
        assertClose("reserved acknowledge flags", hex("20 02 02 00"));
    }

    @Test
    void refusesSessionPresentWithARefusal() {
        assertClose("[MQTT-3.2.2-4]", hex("20 02 01 05"));
    }
}
