package dev.herald.transport.mqtt.listener;

import dev.herald.testsupport.TestKeys;
import dev.herald.transport.mqtt.codec.ConnectReturnCode;
import dev.herald.transport.mqtt.codec.MqttPacket;
import dev.herald.transport.mqtt.codec.MqttPacket.Connack;
import dev.herald.transport.mqtt.codec.MqttPacket.Connect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code mqtts://}: MQTT over TLS, with the key of {@code broker.tls.keystore}, beside a plain listener. */
class MqttTlsTest {

    @Test
    void mqttOverTlsAndPlainMqttShareOneEngine(@TempDir Path dir) throws Exception {
        Path keystore = TestKeys.keystore(dir);
        SSLContext trusting = TestKeys.trusting(keystore);
        try (MqttServer server = MqttServer.start(b -> b.tls(keystore, TestKeys.PASSWORD)
                .listeners("mqtts://127.0.0.1:0,mqtt://127.0.0.1:0"));
             RawMqttClient secure = new RawMqttClient(trusting.getSocketFactory()
                     .createSocket("127.0.0.1", server.server.port("mqtts")));
             RawMqttClient plain = RawMqttClient.connected(server.mqttPort(), "plain", true)) {
            assertEquals(new Connack(false, ConnectReturnCode.ACCEPTED), secure.exchange(new Connect("secure", true, 0)));
            assertEquals(new MqttPacket.Suback(1, List.of(1)), secure.exchange(
                    new MqttPacket.Subscribe(1, List.of(new MqttPacket.Subscription("tls/#", 1)))));
            plain.send(new MqttPacket.Publish(false, 0, false, "tls/in", 0, "over the wire".getBytes(StandardCharsets.UTF_8)));
            MqttPacket.Publish got = (MqttPacket.Publish) secure.next();
            assertArrayEquals("over the wire".getBytes(StandardCharsets.UTF_8), got.payload());
        }
    }
}
