package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Auth;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Disconnect;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubcomp;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrec;
import dev.herald.transport.mqtt.codec.MqttPacket.Pubrel;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsuback;
import dev.herald.transport.mqtt.codec.MqttPacket.Unsubscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Will;
import dev.herald.transport.mqtt.codec.TestPackets.Sample;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;

import static dev.herald.transport.mqtt.codec.TestPackets.utf8;

/**
 * MQTT 5.0 packets and their bytes, written out by hand from the OASIS standard: every packet
 * type, each with and without properties, and the short forms of acknowledgements, DISCONNECT
 * and AUTH (sections 3.4.2.1, 3.14.2.1, 3.15.2.1).
 */
final class TestPackets5 {

    /** The protocol level the samples are read and written at. */
    static final int LEVEL = MqttPacket.PROTOCOL_LEVEL_5;

    private TestPackets5() {
    }

    private static Properties.Builder with() {
        return Properties.builder();
    }

    private static Properties reasonString(String reason) {
        return with().add(Property.REASON_STRING, reason).build();
    }

    private static Properties userAB() {
        return with().user("a", "b").build();
    }

    /** One packet of every type, with and without properties, each with its bytes. */
    static List<Sample> samples() {
        Properties willProperties = with()
                .add(Property.WILL_DELAY_INTERVAL, 60)
                .add(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .add(Property.MESSAGE_EXPIRY_INTERVAL, 3600)
                .add(Property.CONTENT_TYPE, "t")
                .add(Property.RESPONSE_TOPIC, "r")
                .add(Property.CORRELATION_DATA, new byte[] {1, 2})
                .user("k", "v")
                .build();
        Properties connectProperties = with()
                .add(Property.SESSION_EXPIRY_INTERVAL, 10)
                .add(Property.RECEIVE_MAXIMUM, 20)
                .add(Property.MAXIMUM_PACKET_SIZE, 4096)
                .add(Property.TOPIC_ALIAS_MAXIMUM, 10)
                .add(Property.REQUEST_RESPONSE_INFORMATION, 1)
                .add(Property.REQUEST_PROBLEM_INFORMATION, 0)
                .user("a", "b")
                .add(Property.AUTHENTICATION_METHOD, "SCRAM")
                .add(Property.AUTHENTICATION_DATA, new byte[] {(byte) 0xAB, (byte) 0xCD})
                .build();
        Properties capabilities = with()
                .add(Property.ASSIGNED_CLIENT_IDENTIFIER, "abc")
                .add(Property.SERVER_KEEP_ALIVE, 30)
                .add(Property.RECEIVE_MAXIMUM, 10)
                .add(Property.MAXIMUM_QOS, 1)
                .add(Property.RETAIN_AVAILABLE, 0)
                .add(Property.MAXIMUM_PACKET_SIZE, 65_536)
                .add(Property.TOPIC_ALIAS_MAXIMUM, 5)
                .add(Property.WILDCARD_SUBSCRIPTION_AVAILABLE, 0)
                .add(Property.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1)
                .add(Property.SHARED_SUBSCRIPTION_AVAILABLE, 0)
                .add(Property.RESPONSE_INFORMATION, "r")
                .add(Property.SESSION_EXPIRY_INTERVAL, 0xFFFF_FFFFL)
                .build();
        Properties publishProperties = with()
                .add(Property.PAYLOAD_FORMAT_INDICATOR, 1)
                .add(Property.MESSAGE_EXPIRY_INTERVAL, 0x8000_0001L)
                .add(Property.CONTENT_TYPE, "text")
                .add(Property.RESPONSE_TOPIC, "r")
                .add(Property.CORRELATION_DATA, new byte[] {7})
                .add(Property.TOPIC_ALIAS, 1)
                .user("a", "1")
                .user("a", "2")
                .add(Property.SUBSCRIPTION_IDENTIFIER, 1)
                .add(Property.SUBSCRIPTION_IDENTIFIER, 128)
                .add(Property.SUBSCRIPTION_IDENTIFIER, 16_384)
                .add(Property.SUBSCRIPTION_IDENTIFIER, 268_435_455)
                .build();
        Properties scram = with().add(Property.AUTHENTICATION_METHOD, "SCRAM").build();
        return List.of(
                // --- CONNECT (section 3.1) ---
                new Sample("CONNECT 5, the least",
                        new Connect("MQTT", 5, true, 60, "abc", null, null, null),
                        "10 10 00 04 4D 51 54 54 05 02 00 3C 00 00 03 61 62 63"),
                // the variable header is the standard's example in 3.1.2.12: flags CE, keep alive 10,
                // Session Expiry Interval 10; the will carries every will property (section 3.1.3.2)
                new Sample("CONNECT 5, the example of 3.1.2.12, a will with every will property",
                        new Connect("MQTT", 5, true, 10, "c", new Will("w", utf8("x"), 1, false, willProperties), "u",
                                utf8("p"), with().add(Property.SESSION_EXPIRY_INTERVAL, 10).build()),
                        "10 40 00 04 4D 51 54 54 05 CE 00 0A 05 11 00 00 00 0A 00 01 63"
                                + " 20 18 00 00 00 3C 01 01 02 00 00 0E 10 03 00 01 74 08 00 01 72 09 00 02 01 02"
                                + " 26 00 01 6B 00 01 76 00 01 77 00 01 78 00 01 75 00 01 70"),
                // every CONNECT property (section 3.1.2.11); a password without a user name (section 3.1.2.9)
                new Sample("CONNECT 5, every CONNECT property, a password without a user name",
                        new Connect("MQTT", 5, true, 0, "c", null, null, utf8("pw"), connectProperties),
                        "10 3A 00 04 4D 51 54 54 05 42 00 00 28 11 00 00 00 0A 21 00 14 27 00 00 10 00 22 00 0A"
                                + " 19 01 17 00 26 00 01 61 00 01 62 15 00 05 53 43 52 41 4D 16 00 02 AB CD"
                                + " 00 01 63 00 02 70 77"),
                // MQTT 5.0 has no rule against an empty client id with Clean Start 0 (section 3.1.3.1)
                new Sample("CONNECT 5, empty client id, Clean Start 0, retained QoS 2 will without properties",
                        new Connect("MQTT", 5, false, 0, "", new Will("a/b", new byte[0], 2, true), null, null),
                        "10 15 00 04 4D 51 54 54 05 34 00 00 00 00 00 00 00 03 61 2F 62 00 00"),
                // --- CONNACK (section 3.2) ---
                new Sample("CONNACK 5, success", new Connack(false, 0, Properties.NONE), "20 03 00 00 00"),
                new Sample("CONNACK 5, session present, the server's capabilities",
                        new Connack(true, 0, capabilities),
                        "20 2A 01 00 27 12 00 03 61 62 63 13 00 1E 21 00 0A 24 01 25 00 27 00 01 00 00 22 00 05"
                                + " 28 00 29 01 2A 00 1A 00 01 72 11 FF FF FF FF"),
                new Sample("CONNACK 5, use another server",
                        new Connack(false, ReasonCode.USE_ANOTHER_SERVER,
                                with().add(Property.SERVER_REFERENCE, "s2").add(Property.REASON_STRING, "go").build()),
                        "20 0D 00 9C 0A 1C 00 02 73 32 1F 00 02 67 6F"),
                new Sample("CONNACK 5, enhanced authentication done",
                        new Connack(false, 0, with().addAll(scram).add(Property.AUTHENTICATION_DATA, new byte[] {-1}).build()),
                        "20 0F 00 00 0C 15 00 05 53 43 52 41 4D 16 00 01 FF"),
                // --- PUBLISH (section 3.3) ---
                new Sample("PUBLISH 5, QoS 0", new Publish("a/b", utf8("hi"), false), "30 08 00 03 61 2F 62 00 68 69"),
                // the standard's example in 3.3.2.3: topic a/b, packet id 10, no properties
                new Sample("PUBLISH 5, QoS 1, the example of 3.3.2.3",
                        new Publish(false, 1, false, "a/b", 10, utf8("hi")), "32 0A 00 03 61 2F 62 00 0A 00 68 69"),
                new Sample("PUBLISH 5, QoS 2, DUP, RETAIN, every PUBLISH property",
                        new Publish(true, 2, true, "a/b", 10, utf8("hi"), publishProperties),
                        "3D 3F 00 03 61 2F 62 00 0A 35 01 01 02 80 00 00 01 03 00 04 74 65 78 74 08 00 01 72"
                                + " 09 00 01 07 23 00 01 26 00 01 61 00 01 31 26 00 01 61 00 01 32"
                                + " 0B 01 0B 80 01 0B 80 80 01 0B FF FF FF 7F 68 69"),
                // a Topic Alias stands for the topic name (section 3.3.2.3.4)
                new Sample("PUBLISH 5, empty topic name and a Topic Alias",
                        new Publish(false, 0, false, "", 0, utf8("x"), with().add(Property.TOPIC_ALIAS, 1).build()),
                        "30 07 00 00 03 23 00 01 78"),
                new Sample("PUBLISH 5, property length of two bytes",
                        new Publish(false, 0, false, "t", 0, new byte[0], with().user("k", "v".repeat(124)).build()),
                        "30 87 01 00 01 74 82 01 26 00 01 6B 00 7C" + " 76".repeat(124)),
                // --- PUBACK, PUBREC, PUBREL, PUBCOMP (sections 3.4-3.7): 2 bytes for success without
                // properties, 3 with a reason code and no properties, else the property length too ---
                new Sample("PUBACK 5, short form", new Puback(10), "40 02 00 0A"),
                new Sample("PUBACK 5, reason code only", new Puback(10, ReasonCode.NO_MATCHING_SUBSCRIBERS, Properties.NONE),
                        "40 03 00 0A 10"),
                new Sample("PUBACK 5, reason string", new Puback(10, ReasonCode.NOT_AUTHORIZED, reasonString("no")),
                        "40 09 00 0A 87 05 1F 00 02 6E 6F"),
                new Sample("PUBREC 5, short form", new Pubrec(10), "50 02 00 0A"),
                new Sample("PUBREC 5, reason code only", new Pubrec(10, ReasonCode.PACKET_IDENTIFIER_IN_USE, Properties.NONE),
                        "50 03 00 0A 91"),
                new Sample("PUBREC 5, user property", new Pubrec(10, ReasonCode.NO_MATCHING_SUBSCRIBERS, userAB()),
                        "50 0B 00 0A 10 07 26 00 01 61 00 01 62"),
                new Sample("PUBREL 5, short form", new Pubrel(10), "62 02 00 0A"),
                new Sample("PUBREL 5, reason code only", new Pubrel(10, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.NONE),
                        "62 03 00 0A 92"),
                new Sample("PUBREL 5, reason string", new Pubrel(10, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, reasonString("no")),
                        "62 09 00 0A 92 05 1F 00 02 6E 6F"),
                new Sample("PUBCOMP 5, short form", new Pubcomp(10), "70 02 00 0A"),
                new Sample("PUBCOMP 5, reason code only", new Pubcomp(10, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.NONE),
                        "70 03 00 0A 92"),
                new Sample("PUBCOMP 5, success with a user property", new Pubcomp(10, ReasonCode.SUCCESS, userAB()),
                        "70 0B 00 0A 00 07 26 00 01 61 00 01 62"),
                // --- SUBSCRIBE (section 3.8) ---
                // the standard's examples in 3.8.2 (packet id 10, no properties) and 3.8.3.1 (a/b QoS 1, c/d QoS 2)
                new Sample("SUBSCRIBE 5, the examples of 3.8.2 and 3.8.3.1",
                        new Subscribe(10, List.of(new Subscription("a/b", 1), new Subscription("c/d", 2))),
                        "82 0F 00 0A 00 00 03 61 2F 62 01 00 03 63 2F 64 02"),
                // options: a/# 0x2E (QoS 2, No Local, Retain As Published, Retain Handling 2),
                // $share/g/t 0x11 (QoS 1, Retain Handling 1), + 0x00
                new Sample("SUBSCRIBE 5, subscription options, a Subscription Identifier",
                        new Subscribe(1, List.of(new Subscription("a/#", 2, true, true, 2),
                                new Subscription("$share/g/t", 1, false, false, 1), new Subscription("+", 0)),
                                with().add(Property.SUBSCRIPTION_IDENTIFIER, 128).user("a", "b").build()),
                        "82 24 00 01 0A 0B 80 01 26 00 01 61 00 01 62 00 03 61 2F 23 2E"
                                + " 00 0A 24 73 68 61 72 65 2F 67 2F 74 11 00 01 2B 00"),
                // --- SUBACK (section 3.9) ---
                new Sample("SUBACK 5", new Suback(10, List.of(0, 2, 0x80)), "90 06 00 0A 00 00 02 80"),
                new Sample("SUBACK 5, reason string, failures of MQTT 5.0",
                        new Suback(10, List.of(1, ReasonCode.NOT_AUTHORIZED, ReasonCode.WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED),
                                reasonString("no")),
                        "90 0B 00 0A 05 1F 00 02 6E 6F 01 87 A2"),
                // --- UNSUBSCRIBE (section 3.10): the standard's example in 3.10.3, a/b and c/d ---
                new Sample("UNSUBSCRIBE 5, the example of 3.10.3", new Unsubscribe(10, List.of("a/b", "c/d")),
                        "A2 0D 00 0A 00 00 03 61 2F 62 00 03 63 2F 64"),
                new Sample("UNSUBSCRIBE 5, user property", new Unsubscribe(10, List.of("a/b"), userAB()),
                        "A2 0F 00 0A 07 26 00 01 61 00 01 62 00 03 61 2F 62"),
                // --- UNSUBACK (section 3.11) ---
                new Sample("UNSUBACK 5", new Unsuback(10, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED),
                        Properties.NONE), "B0 05 00 0A 00 00 11"),
                new Sample("UNSUBACK 5, reason string",
                        new Unsuback(10, List.of(ReasonCode.NOT_AUTHORIZED, ReasonCode.TOPIC_FILTER_INVALID), reasonString("no")),
                        "B0 0A 00 0A 05 1F 00 02 6E 6F 87 8F"),
                // --- PINGREQ, PINGRESP (sections 3.12, 3.13) ---
                new Sample("PINGREQ 5", new MqttPacket.Pingreq(), "C0 00"),
                new Sample("PINGRESP 5", new MqttPacket.Pingresp(), "D0 00"),
                // --- DISCONNECT (section 3.14): no bytes for a normal disconnection without properties,
                // the reason code alone without properties ---
                new Sample("DISCONNECT 5, normal", new Disconnect(), "E0 00"),
                new Sample("DISCONNECT 5, with will message, reason code only",
                        new Disconnect(ReasonCode.DISCONNECT_WITH_WILL, Properties.NONE), "E0 01 04"),
                new Sample("DISCONNECT 5, normal with Session Expiry Interval and reason string",
                        new Disconnect(ReasonCode.NORMAL_DISCONNECTION,
                                with().add(Property.SESSION_EXPIRY_INTERVAL, 0).add(Property.REASON_STRING, "bye").build()),
                        "E0 0D 00 0B 11 00 00 00 00 1F 00 03 62 79 65"),
                new Sample("DISCONNECT 5, server moved",
                        new Disconnect(ReasonCode.SERVER_MOVED, with().add(Property.SERVER_REFERENCE, "srv").build()),
                        "E0 08 9D 06 1C 00 03 73 72 76"),
                // --- AUTH (section 3.15): no bytes for success without properties ---
                new Sample("AUTH, success in short form", new Auth(ReasonCode.SUCCESS, Properties.NONE), "F0 00"),
                new Sample("AUTH, continue authentication",
                        new Auth(ReasonCode.CONTINUE_AUTHENTICATION,
                                with().addAll(scram).add(Property.AUTHENTICATION_DATA, new byte[] {1, 2, 3, 4}).build()),
                        "F0 11 18 0F 15 00 05 53 43 52 41 4D 16 00 04 01 02 03 04"),
                new Sample("AUTH, re-authenticate with a user property",
                        new Auth(ReasonCode.REAUTHENTICATE, with().addAll(scram).user("a", "b").build()),
                        "F0 11 19 0F 15 00 05 53 43 52 41 4D 26 00 01 61 00 01 62"),
                new Sample("AUTH, success with the method", new Auth(ReasonCode.SUCCESS, scram),
                        "F0 0A 00 08 15 00 05 53 43 52 41 4D"));
    }

    /** Every sample's bytes, one after the other: a stream that starts with a CONNECT of level 5. */
    static byte[] allSamples() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        samples().forEach(s -> out.writeBytes(s.bytes()));
        return out.toByteArray();
    }

    /** The properties of any packet; PINGREQ and PINGRESP have none. */
    static Properties properties(MqttPacket packet) {
        return switch (packet) {
            case Connect p -> p.properties();
            case Connack p -> p.properties();
            case Publish p -> p.properties();
            case MqttPacket.Acknowledgement p -> p.properties();
            case Subscribe p -> p.properties();
            case Suback p -> p.properties();
            case Unsubscribe p -> p.properties();
            case Disconnect p -> p.properties();
            case Auth p -> p.properties();
            case MqttPacket.Pingreq p -> Properties.NONE;
            case MqttPacket.Pingresp p -> Properties.NONE;
        };
    }

    /** A Variable Byte Integer (section 1.5.5), in hex. */
    static String vbi(int value) {
        byte[] buf = new byte[4];
        int end = FixedHeader.writeVariableByteInteger(value, buf, 0);
        return HexFormat.of().formatHex(buf, 0, end);
    }

    /** A UTF-8 Encoded String (section 1.5.4) of {@code text}, in hex. */
    static String string(String text) {
        byte[] bytes = utf8(text);
        return HexFormat.of().toHexDigits((short) bytes.length) + HexFormat.of().formatHex(bytes);
    }

    /** Properties (section 2.2.2): their length, then {@code entriesHex}. */
    static String propertyBlock(String entriesHex) {
        return vbi(TestPackets.hex(entriesHex).length) + entriesHex;
    }

    /** A CONNECT of level 5 with these connect flags, keep alive 60, these properties' entries and this payload. */
    static byte[] connect(int flags, String propertyEntriesHex, String payloadHex) {
        return TestPackets.packet(0x10, "00 04 4D 51 54 54 05 " + HexFormat.of().toHexDigits((byte) flags) + " 00 3C "
                + propertyBlock(propertyEntriesHex) + payloadHex);
    }
}
