package dev.herald.transport.mqtt.codec;

/** The rules for topic names and topic filters (section 4.7), beyond their UTF-8. */
final class Topics {

    private Topics() {
    }

    /**
     * Checks a topic name: at least one character [MQTT-4.7.3-1], no wildcard [MQTT-3.3.2-2]
     * [MQTT-4.7.1-1].
     */
    static String checkName(String name, PacketType type) throws MqttProtocolException {
        if (name.isEmpty()) {
            throw new MqttProtocolException(type + " with an empty topic name [MQTT-4.7.3-1]");
        }
        if (name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
            throw new MqttProtocolException(type + " topic name '" + name + "' has a wildcard [MQTT-3.3.2-2]");
        }
        return name;
    }

    /**
     * Checks a topic filter: at least one character [MQTT-4.7.3-1], {@code #} only as the whole
     * last level [MQTT-4.7.1-2], {@code +} only as a whole level [MQTT-4.7.1-3].
     */
    static String checkFilter(String filter, PacketType type) throws MqttProtocolException {
        if (filter.isEmpty()) {
            throw new MqttProtocolException(type + " with an empty topic filter [MQTT-4.7.3-1]");
        }
        int levelStart = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '/') {
                levelStart = i + 1;
            } else if (c == '#' && (i != levelStart || i != filter.length() - 1)) {
                throw new MqttProtocolException(type + " topic filter '" + filter
                        + "': # must be the whole last level [MQTT-4.7.1-2]");
            } else if (c == '+' && (i != levelStart || i + 1 < filter.length() && filter.charAt(i + 1) != '/')) {
                throw new MqttProtocolException(type + " topic filter '" + filter
                        + "': + must be a whole level [MQTT-4.7.1-3]");
            }
        }
        return filter;
    }
}
