package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.Await;
import dev.herald.transport.mqtt.codec.MqttEncoder;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Connections that send valid packets with random bytes changed, cut or repeated: the server
 * closes or answers each as the standard says, and stays whole for the clients that behave.
 */
class MqttServerFuzzTest {

    private static final long SEED = Long.getLong("herald.fuzz.seed", 20261202L);
    private static final int CONNECTIONS = 400 * Integer.getInteger("herald.fuzz.scale", 1);

    private static final List<MqttPacket> VALID = List.of(
            new MqttPacket.Connect("fuzz", true, 30),
            new MqttPacket.Connect("MQTT", 4, false, 5, "fuzz-w", new MqttPacket.Will("w/t", new byte[] {1}, 1, true),
                    "user", "pw".getBytes(StandardCharsets.UTF_8)),
            new Publish(false, 0, false, "f/a", 0, "zero".getBytes(StandardCharsets.UTF_8)),
            new Publish(false, 1, true, "f/b", 7, "one".getBytes(StandardCharsets.UTF_8)),
            new Publish(false, 2, false, "f/c", 8, "two".getBytes(StandardCharsets.UTF_8)),
            new MqttPacket.Pubrel(8),
            new MqttPacket.Puback(1),
            new MqttPacket.Pubrec(2),
            new MqttPacket.Pubcomp(3),
            new Subscribe(3, List.of(new Subscription("f/#", 2), new Subscription("+/b", 0))),
            new MqttPacket.Unsubscribe(4, List.of("f/#")),
            new MqttPacket.Pingreq(),
            new MqttPacket.Disconnect());

    private static byte[] mutated(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MqttEncoder.encode(VALID.get(random.nextInt(2)))); // most start with a CONNECT
        int packets = 1 + random.nextInt(6);
        for (int i = 0; i < packets; i++) {
            out.writeBytes(MqttEncoder.encode(VALID.get(random.nextInt(VALID.size()))));
        }
        byte[] bytes = out.toByteArray();
        switch (random.nextInt(4)) {
            case 0 -> { // flip some bytes
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> { // cut it short
                byte[] cut = new byte[random.nextInt(bytes.length)];
                System.arraycopy(bytes, 0, cut, 0, cut.length);
                bytes = cut;
            }
            case 2 -> { // a remaining length that announces more than follows
                bytes[1 + random.nextInt(Math.min(3, bytes.length - 1))] = (byte) 0xFF;
            }
            default -> {
                // valid packets, in an order the standard may forbid (a second CONNECT, PUBREL first)
            }
        }
        return bytes;
    }

    @Test
    void brokenPacketsCloseTheirConnectionAndDisturbNoOne() throws Exception {
        Random random = new Random(SEED);
        try (MqttServer server = MqttServer.start();
             RawMqttClient sub = RawMqttClient.connected(server.mqttPort(), "steady-sub", true)) {
            sub.exchange(new Subscribe(1, List.of(new Subscription("steady", 1))));
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket socket = new Socket("127.0.0.1", server.mqttPort())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(mutated(random));
                    out.flush();
                    socket.shutdownOutput();
                    socket.setSoTimeout(10_000);
                    socket.getInputStream().readAllBytes(); // whatever the server answers, until it closes
                } catch (IOException e) {
                    // a reset is one way to be closed
                }
            }
            try (RawMqttClient pub = RawMqttClient.connected(server.mqttPort(), "steady-pub", true)) {
                assertEquals(new MqttPacket.Puback(9), pub.exchange(new Publish(false, 1, false, "steady", 9,
                        "still fine".getBytes(StandardCharsets.UTF_8))));
            }
            Publish got = (Publish) sub.next();
            assertArrayEquals("still fine".getBytes(StandardCharsets.UTF_8), got.payload());
            Await.until("every fuzzing connection is gone", () -> server.server.connectionCount() == 1);
        }
    }
}
