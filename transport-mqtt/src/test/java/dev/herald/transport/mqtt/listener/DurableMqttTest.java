package dev.herald.transport.mqtt.listener;

import dev.herald.transport.mqtt.codec.ConnectReturnCode;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import dev.herald.transport.mqtt.codec.MqttPacket.Puback;
import dev.herald.transport.mqtt.codec.MqttPacket.Publish;
import dev.herald.transport.mqtt.codec.MqttPacket.Suback;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscribe;
import dev.herald.transport.mqtt.codec.MqttPacket.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MQTT sessions, their subscriptions' QoS and retained messages outlive a restart on the JDBC store. */
class DurableMqttTest {

    private static MqttServer start(Path dir) {
        return MqttServer.start(b -> b.store("jdbc")
                .setting("jdbc.url", "jdbc:h2:file:" + dir.resolve("herald").toAbsolutePath()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPersistentSessionItsQosAndRetainedMessagesSurviveARestart(@TempDir Path dir) {
        try (MqttServer server = start(dir);
             RawMqttClient sub = RawMqttClient.connected(server.mqttPort(), "durable-sub", false);
             RawMqttClient pub = RawMqttClient.connected(server.mqttPort(), "pub", true)) {
            assertEquals(new Suback(1, List.of(2)), sub.exchange(new Subscribe(1, List.of(new Subscription("plant/#", 2)))));
            assertEquals(new Puback(1), pub.exchange(new Publish(false, 1, true, "plant/valve", 1, utf8("open"))));
            Publish live = (Publish) sub.next();
            sub.send(new Puback(live.packetId()));
            sub.send(new MqttPacket.Disconnect());
            assertTrue(sub.closedByServer());
            assertEquals(new Puback(2), pub.exchange(new Publish(false, 1, false, "plant/pump", 2, utf8("queued"))));
        }
        try (MqttServer server = start(dir);
             RawMqttClient back = new RawMqttClient(server.mqttPort());
             RawMqttClient fresh = RawMqttClient.connected(server.mqttPort(), "fresh", true)) {
            assertEquals(new Connack(true, ConnectReturnCode.ACCEPTED), back.exchange(new Connect("durable-sub", false, 0)),
                    "the session is present after the restart");
            Publish queued = (Publish) back.next();
            assertArrayEquals(utf8("queued"), queued.payload(), "what was queued while away, kept on disk");
            assertEquals(1, queued.qos(), "at the lower of the message's QoS (1) and the subscription's (2)");
            back.send(new Puback(queued.packetId()));

            assertEquals(new Suback(7, List.of(1)), fresh.exchange(new Subscribe(7, List.of(new Subscription("plant/valve", 1)))));
            Publish retained = (Publish) fresh.next();
            assertTrue(retained.retain(), "the retained message survived the restart");
            assertArrayEquals(utf8("open"), retained.payload());
        }
    }
}
