package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttDecoder.Receiver;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.HexFormat;

import static dev.herald.transport.mqtt.codec.TestPackets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remaining length's variable-length encoding, section 2.2.3 and its table 2.4. */
class RemainingLengthTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "0, 00",
            "127, 7F",
            "128, 80 01",
            "16383, FF 7F",
            "16384, 80 80 01",
            "2097151, FF FF 7F",
            "2097152, 80 80 80 01",
            "268435455, FF FF FF 7F"})
    void writesTheShortestFormAndReadsItBack(int length, String hex) throws Exception {
        byte[] buf = new byte[FixedHeader.MAX_SIZE];
        int end = FixedHeader.write(0x30, length, buf, 0);
        assertEquals("30" + hex.replace(" ", "").toLowerCase(), HexFormat.of().formatHex(buf, 0, end));
        assertEquals(end, FixedHeader.size(length));
        FixedHeader header = FixedHeader.read(new ByteArrayInputStream(buf, 0, end));
        assertEquals(new FixedHeader(PacketType.PUBLISH, 0, length), header);
    }

    @Test
    void readsALongerFormThanNeeded() throws Exception {
        // section 2.2.3 asks the sender for the shortest form; a longer one still names the length
        assertEquals(5, FixedHeader.read(new ByteArrayInputStream(hex("30 85 80 00"))).remainingLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"30 80 80 80 80 01", "30 FF FF FF FF 7F", "30 FF FF FF FF"})
    void refusesAFifthByte(String hex) {
        MqttProtocolException e = assertThrows(MqttProtocolException.class,
                () -> FixedHeader.read(new ByteArrayInputStream(hex(hex))));
        assertEquals(MqttProtocolException.Action.CLOSE, e.action());
        assertTrue(e.getMessage().contains("four bytes"), e.getMessage());
    }

    @Test
    void refusesToWriteMoreThanFourBytesCanHold() {
        assertThrows(IllegalArgumentException.class, () -> FixedHeader.write(0x30, 268_435_456, new byte[5], 0));
        assertThrows(IllegalArgumentException.class, () -> FixedHeader.write(0x30, -1, new byte[5], 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 120, 121, 122, 16_376, 16_377, 16_378, 2_097_144, 2_097_145, 2_097_146})
    void encodesAndDecodesPacketsAcrossEveryBoundary(int payloadSize) throws Exception {
        byte[] payload = new byte[payloadSize];
        Arrays.fill(payload, (byte) 7);
        Publish publish = new Publish(false, 1, false, "a/b", 1, payload); // 7 bytes before the payload
        byte[] bytes = MqttEncoder.encode(publish);
        int remaining = payloadSize + 7;
        assertEquals(FixedHeader.size(remaining) + remaining, bytes.length);
        assertEquals(publish, MqttDecoder.decode(bytes, Receiver.ANY));
    }
}
