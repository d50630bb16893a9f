package dev.herald.transport.mqtt.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * Input that breaks the MQTT standard. The message says what is wrong (with the id of the
 * normative statement where there is one); {@link #action()} says what MQTT 3.1.1 tells the
 * receiver to do about it, and {@link #reasonCode()} what MQTT 5.0 answers it with.
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
    private final int reasonCode;

    public MqttProtocolException(Action action, String message) {
        this(action, switch (action) {
            case REFUSE_PROTOCOL_LEVEL -> ReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
            case REFUSE_CLIENT_ID -> ReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            default -> ReasonCode.MALFORMED_PACKET;
        }, message);
    }

    private MqttProtocolException(Action action, int reasonCode, String message) {
        super(message);
        this.action = Objects.requireNonNull(action, "action");
        this.reasonCode = reasonCode;
    }

    /** A malformed packet: in MQTT 3.1.1 the answer is closing the connection, in 5.0 reason code 0x81 first. */
    public MqttProtocolException(String message) {
        this(Action.CLOSE, message);
    }

    /**
     * A violation that MQTT 5.0 answers with {@code reasonCode} (in a CONNACK or DISCONNECT)
     * before closing [MQTT-4.13.1-1], and MQTT 3.1.1 by closing.
     */
    public MqttProtocolException(int reasonCode, String message) {
        this(Action.CLOSE, reasonCode, message);
    }

    /** The MQTT 5.0 reason code that reports this violation: 0x81 (malformed packet) unless said otherwise. */
    public int reasonCode() {
        return reasonCode;
    }

    /** What the standard says the receiver does. */
    public Action action() {
        return action;
    }
}
