package dev.herald.transport.mqtt.codec;

import dev.herald.transport.mqtt.codec.MqttPacket.Connect;

/** The connect flags byte of a CONNECT (section 3.1.2.3). */
final class ConnectFlags {

    static final int RESERVED = 0x01;
    static final int CLEAN_SESSION = 0x02;
    static final int WILL = 0x04;
    static final int WILL_RETAIN = 0x20;
    static final int PASSWORD = 0x40;
    static final int USER_NAME = 0x80;
    private static final int WILL_QOS_SHIFT = 3;

    private ConnectFlags() {
    }

    /** The flags byte that describes {@code connect}. */
    static int of(Connect connect) {
        int flags = connect.cleanSession() ? CLEAN_SESSION : 0;
        if (connect.will() != null) {
            flags |= WILL | connect.will().qos() << WILL_QOS_SHIFT | (connect.will().retain() ? WILL_RETAIN : 0);
        }
        flags |= connect.userName() != null ? USER_NAME : 0;
        return flags | (connect.password() != null ? PASSWORD : 0);
    }

    static int willQos(int flags) {
        return flags >>> WILL_QOS_SHIFT & 0b11;
    }

    /** Checks the flags received in a CONNECT. */
    static void check(int flags, boolean v5) throws MqttProtocolException {
        if ((flags & RESERVED) != 0) {
            throw new MqttProtocolException("CONNECT with the reserved connect flag set [MQTT-3.1.2-3]");
        }
        int willQos = willQos(flags);
        if ((flags & WILL) == 0 && willQos != 0) {
            throw new MqttProtocolException("CONNECT with a will QoS but no will flag [MQTT-3.1.2-13]");
        }
        if ((flags & WILL) == 0 && (flags & WILL_RETAIN) != 0) {
            throw new MqttProtocolException("CONNECT with will retain but no will flag [MQTT-3.1.2-15]");
        }
        if (willQos == 3) {
            throw new MqttProtocolException("CONNECT with will QoS 3 [MQTT-3.1.2-14]");
        }
        if ((flags & PASSWORD) != 0 && (flags & USER_NAME) == 0 && !v5) { // MQTT 5.0 allows it (section 3.1.2.9)
            throw new MqttProtocolException("CONNECT with a password but no user name [MQTT-3.1.2-22]");
        }
    }
}
