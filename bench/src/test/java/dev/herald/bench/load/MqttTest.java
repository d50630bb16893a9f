package dev.herald.bench.load;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    private static LineInput input(String hex) {
        return new LineInput(new ByteArrayInputStream(hex(hex)), 64);
    }

    @Test
    void connectIsAn311CleanSessionWithoutKeepAlive() {
        // type 1, length 14; "MQTT", level 4, flags: clean session, keep-alive 0, client id "ab"
        assertArrayEquals(hex("10 0e 0004 4d515454 04 02 0000 0002 6162"), Mqtt.connect("ab"));
    }

    @Test
    void subscribeAsksForQos0WithPacketId1() {
        assertArrayEquals(hex("82 09 0001 0004 4e455753 00"), Mqtt.subscribe("NEWS"));
    }

    @Test
    void publishEncodesALongRemainingLengthInTwoBytes() throws IOException {
        byte[] topic = Mqtt.topicField("NEWS");
        byte[] payload = new byte[300];
        byte[] buf = new byte[Mqtt.publishMax(topic, payload.length)];
        int end = Mqtt.publishHead(buf, 0, topic, 7, payload.length) + payload.length;
        int[] length = new int[1];

        int body = Mqtt.body(buf, 0, end, length);

        assertEquals(0x32, buf[0] & 0xFF, "PUBLISH, QoS 1");
        assertEquals(3, body, "one type byte, two length bytes");
        assertEquals(6 + 2 + 300, length[0]);
        assertEquals(end, body + length[0]);
    }

    @Test
    void aLengthOfMoreThanFourBytesIsMalformed() {
        byte[] b = hex("30 ff ff ff ff 01");
        assertThrows(IOException.class, () -> Mqtt.body(b, 0, b.length, new int[1]));
    }

    @Test
    void acceptsAConnackAndASubackThatGrantQos0() throws IOException {
        LineInput in = input("20 02 00 00  90 03 0001 00");
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));

        Mqtt.expect(in, deadline, Mqtt.CONNACK, 1, "CONNECT");
        Mqtt.expect(in, deadline, Mqtt.SUBACK, 2, "SUBSCRIBE");

        assertEquals(in.limit, in.pos);
    }

    @Test
    void refusesAConnackWithAnErrorCodeAndASubackOfFailure() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        IOException refused = assertThrows(IOException.class,
                () -> Mqtt.expect(input("20 02 00 05"), deadline, Mqtt.CONNACK, 1, "CONNECT"));
        assertTrue(refused.getMessage().contains("code 5"), refused.getMessage());
        assertThrows(IOException.class, () -> Mqtt.expect(input("90 03 0001 80"), deadline, Mqtt.SUBACK, 2, "SUBSCRIBE"));
        assertThrows(IOException.class, () -> Mqtt.expect(input("30 02 0000"), deadline, Mqtt.CONNACK, 1, "CONNECT"));
    }

    @Test
    void aBrokerThatClosesDuringTheHandshakeIsAnError() {
        Deadline deadline = Deadline.in(Duration.ofSeconds(5));
        assertThrows(IOException.class, () -> Mqtt.expect(input("20"), deadline, Mqtt.CONNACK, 1, "CONNECT"));
    }
}
