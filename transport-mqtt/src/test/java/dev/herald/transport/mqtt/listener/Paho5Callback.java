package dev.herald.transport.mqtt.listener;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** A Paho MQTT 5.0 callback that hands on the messages that arrive and a disconnection, and ignores the rest. */
final class Paho5Callback implements MqttCallback {

    private final BiConsumer<String, MqttMessage> arrived;
    private final Consumer<MqttDisconnectResponse> disconnected;

    Paho5Callback(BiConsumer<String, MqttMessage> arrived, Consumer<MqttDisconnectResponse> disconnected) {
        this.arrived = arrived;
        this.disconnected = disconnected;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        disconnected.accept(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        arrived.accept(topic, message);
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }
}
