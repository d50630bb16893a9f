package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Will;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** Packets and their bytes, written out by hand from the standard. */
final class TestPackets {

    /** A packet and the bytes the standard gives it. */
    record Sample(String name, MqttPacket packet, String hex) {
        byte[] bytes() {
            return TestPackets.hex(hex);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private TestPackets() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** One packet of every type, and a few variants, each with its bytes. */
    static List<Sample> samples() {
        return List.of(
                new Sample("CONNECT, the least",
                        new Connect("abc", true, 60),
                        "10 0F 00 04 4D 51 54 54 04 02 00 3C 00 03 61 62 63"),
                // the variable header of the standard's example in 3.1.2.10: flags CE, keep alive 10
                new Sample("CONNECT with will and credentials",
                        new Connect("MQTT", 4, true, 10, "c", new Will("w", utf8("x"), 1, false), "u", utf8("p")),
                        "10 19 00 04 4D 51 54 54 04 CE 00 0A 00 01 63 00 01 77 00 01 78 00 01 75 00 01 70"),
                new Sample("CONNECT with retained QoS 2 will, user name only, empty client id",
                        new Connect("MQTT", 4, true, 0, "", new Will("a/b", new byte[0], 2, true), "u", null),
                        "10 16 00 04 4D 51 54 54 04 B6 00 00 00 00 00 03 61 2F 62 00 00 00 01 75"),
                new Sample("CONNACK, session present",
                        new Connack(true, ConnectReturnCode.ACCEPTED), "20 02 01 00"),
                new Sample("CONNACK, not authorized",
                        new Connack(false, ConnectReturnCode.NOT_AUTHORIZED), "20 02 00 05"),
                new Sample("PUBLISH QoS 0",
                        new Publish("a/b", utf8("hi"), false), "30 07 00 03 61 2F 62 68 69"),
                // the variable header of the standard's example in 3.3.2.3: topic a/b, packet id 10
                new Sample("PUBLISH QoS 1, DUP, RETAIN",
                        new Publish(true, 1, true, "a/b", 10, utf8("hi")), "3B 09 00 03 61 2F 62 00 0A 68 69"),
                new Sample("PUBLISH QoS 2, empty payload",
                        new Publish(false, 2, false, "a/b", 0xFFFF, new byte[0]), "34 07 00 03 61 2F 62 FF FF"),
                new Sample("PUBLISH, non-ASCII topic",
                        new Publish("\u00e9/\ud83d\ude00", utf8("x"), false), "30 0A 00 07 C3 A9 2F F0 9F 98 80 78"),
                new Sample("PUBACK", new MqttPacket.Puback(10), "40 02 00 0A"),
                new Sample("PUBREC", new MqttPacket.Pubrec(10), "50 02 00 0A"),
                new Sample("PUBREL", new MqttPacket.Pubrel(10), "62 02 00 0A"),
                new Sample("PUBCOMP", new MqttPacket.Pubcomp(10), "70 02 00 0A"),
                // the standard's example in 3.8.3.1: a/b at QoS 1, c/d at QoS 2
                new Sample("SUBSCRIBE",
                        new Subscribe(10, List.of(new Subscription("a/b", 1), new Subscription("c/d", 2))),
                        "82 0E 00 0A 00 03 61 2F 62 01 00 03 63 2F 64 02"),
                new Sample("SUBSCRIBE with wildcards",
                        new Subscribe(1, List.of(new Subscription("+/+", 0), new Subscription("#", 0))),
                        "82 0C 00 01 00 03 2B 2F 2B 00 00 01 23 00"),
                // the standard's example in 3.9.3: QoS 0, QoS 2, failure
                new Sample("SUBACK", new Suback(10, List.of(0, 2, 0x80)), "90 05 00 0A 00 02 80"),
                // the standard's example in 3.10.3: a/b, c/d
                new Sample("UNSUBSCRIBE", new Unsubscribe(10, List.of("a/b", "c/d")),
                        "A2 0C 00 0A 00 03 61 2F 62 00 03 63 2F 64"),
                new Sample("UNSUBACK", new MqttPacket.Unsuback(10), "B0 02 00 0A"),
                new Sample("PINGREQ", new MqttPacket.Pingreq(), "C0 00"),
                new Sample("PINGRESP", new MqttPacket.Pingresp(), "D0 00"),
                new Sample("DISCONNECT", new MqttPacket.Disconnect(), "E0 00"));
    }

    /** Every sample's bytes, one after the other. */
    static byte[] allSamples() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        samples().forEach(s -> out.writeBytes(s.bytes()));
        return out.toByteArray();
    }

    /** A packet of {@code firstByte} whose body is {@code bodyHex}, with its remaining length worked out. */
    static byte[] packet(int firstByte, String bodyHex) {
        byte[] body = hex(bodyHex);
        byte[] packet = new byte[FixedHeader.size(body.length) + body.length];
        int off = FixedHeader.write(firstByte, body.length, packet, 0);
        System.arraycopy(body, 0, packet, off, body.length);
        return packet;
    }

    /** A CONNECT of MQTT 3.1.1 with these connect flags, keep alive 60, and this payload. */
    static byte[] connect(int flags, String payloadHex) {
        return packet(0x10, "00 04 4D 51 54 54 04 " + HexFormat.of().toHexDigits((byte) flags) + " 00 3C " + payloadHex);
    }
}
