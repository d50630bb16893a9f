package dev.herald.transport.mqtt.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * Input that breaks the MQTT standard. The message says what is wrong (with the id of the
 * normative statement where there is one); {@link #action()} says what the standard tells the
 * receiver to do about it.
 */
public class MqttProtocolException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What a receiver does about a broken packet. */
    public enum Action {
        /** Close the network connection, sending nothing [MQTT-4.8.0-1]. */
        CLOSE(null),
        /** Answer CONNACK 0x01 (unacceptable protocol level), then close [MQTT-3.1.2-2]. */
        REFUSE_PROTOCOL_LEVEL(ConnectReturnCode.UNACCEPTABLE_PROTOCOL_VERSION),
        /** Answer CONNACK 0x02 (identifier rejected), then close [MQTT-3.1.3-8], [MQTT-3.1.3-9]. */
        REFUSE_CLIENT_ID(ConnectReturnCode.IDENTIFIER_REJECTED);

        private final ConnectReturnCode connack;

        Action(ConnectReturnCode connack) {
            this.connack = connack;
        }

        /** The CONNACK return code to send before closing, if any. */
        public Optional<ConnectReturnCode> connack() {
            return Optional.ofNullable(connack);
        }
    }

    private final Action action;

    public MqttProtocolException(Action action, String message) {
        super(message);
        this.action = Objects.requireNonNull(action, "action");
    }

    /** A violation whose answer is closing the connection. */
    public MqttProtocolException(String message) {
        this(Action.CLOSE, message);
    }

    /** What the standard says the receiver does. */
    public Action action() {
        return action;
    }
}
