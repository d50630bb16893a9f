package dev.herald.transport.mqtt.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The properties of an MQTT 5.0 packet (section 2.2.2), in the order received or added. A
 * value is an {@link Integer} (Byte, Two Byte Integer, Variable Byte Integer), a {@link Long}
 * (Four Byte Integer), a {@link String}, a {@code byte[]} (treated as read-only) or a
 * {@link UserProperty}. Immutable; MQTT 3.1.1 packets have {@link #NONE}.
 */
public final class Properties {

    /** No properties. */
    public static final Properties NONE = new Properties(List.of());

    /** The properties an application gives a message, which the server passes on unchanged [MQTT-3.3.2-17..20]. */
    public static final Set<Property> APPLICATION = Collections.unmodifiableSet(EnumSet.of(
            Property.PAYLOAD_FORMAT_INDICATOR, Property.CONTENT_TYPE, Property.RESPONSE_TOPIC,
            Property.CORRELATION_DATA, Property.USER_PROPERTY));

    /** A property and its value. */
    public record Entry(Property property, Object value) {
        public Entry {
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(value, "value");
            boolean fits = switch (property.type()) {
                case BYTE -> value instanceof Integer i && i >= 0 && i <= 0xFF;
                case TWO_BYTE_INTEGER -> value instanceof Integer i && i >= 0 && i <= 0xFFFF;
                case VARIABLE_BYTE_INTEGER -> value instanceof Integer i && i >= 0 && i <= FixedHeader.MAX_REMAINING_LENGTH;
                case FOUR_BYTE_INTEGER -> value instanceof Long l && l >= 0 && l <= 0xFFFF_FFFFL;
                case UTF8_STRING -> value instanceof String;
                case BINARY -> value instanceof byte[];
                case UTF8_STRING_PAIR -> value instanceof UserProperty;
            };
            if (!fits) {
                throw new IllegalArgumentException(property + " cannot have the value " + value);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && property == e.property
                    && (value instanceof byte[] b ? e.value instanceof byte[] c && Arrays.equals(b, c) : value.equals(e.value));
        }

        @Override
        public int hashCode() {
            return property.hashCode() * 31 + (value instanceof byte[] b ? Arrays.hashCode(b) : value.hashCode());
        }

        @Override
        public String toString() {
            return property + "=" + (value instanceof byte[] b ? Bytes.show(b) : value);
        }
    }

    /** A User Property: a name and a value, both UTF-8 strings; names may repeat. */
    public record UserProperty(String name, String value) {
        public UserProperty {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    private final List<Entry> entries;

    private Properties(List<Entry> entries) {
        this.entries = entries;
    }

    /** Properties with these entries; each one but User Property and Subscription Identifier at most once. */
    public static Properties of(List<Entry> entries) {
        if (entries.isEmpty()) {
            return NONE;
        }
        EnumSet<Property> seen = EnumSet.noneOf(Property.class);
        for (Entry e : entries) {
            if (!seen.add(e.property()) && !e.property().repeatable()) {
                throw new IllegalArgumentException(e.property() + " twice");
            }
        }
        return new Properties(List.copyOf(entries));
    }

    /** A builder of properties. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link Properties}. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();

        private Builder() {
        }

        /** Adds a property. */
        public Builder add(Property property, Object value) {
            entries.add(new Entry(property, value));
            return this;
        }

        /**
         * Adds a numeric property; a value its type cannot hold is refused, never cut to its low bits.
         *
         * @throws IllegalArgumentException when the property's type cannot hold {@code value}
         */
        public Builder add(Property property, long value) {
            boolean asLong = property.type() == Property.Type.FOUR_BYTE_INTEGER || value != (int) value;
            return add(property, asLong ? (Object) value : (Object) (int) value);
        }

        /** Adds every entry of {@code properties}. */
        public Builder addAll(Properties properties) {
            entries.addAll(properties.entries);
            return this;
        }

        /** Adds a User Property. */
        public Builder user(String name, String value) {
            return add(Property.USER_PROPERTY, new UserProperty(name, value));
        }

        public Properties build() {
            return of(entries);
        }
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Every entry, in order. */
    public List<Entry> entries() {
        return entries;
    }

    /** Whether {@code property} is present. */
    public boolean has(Property property) {
        return value(property) != null;
    }

    /** The value of a property (the first, for a repeatable one), or {@code null}. */
    public Object value(Property property) {
        for (Entry e : entries) {
            if (e.property() == property) {
                return e.value();
            }
        }
        return null;
    }

    /** The value of a numeric property, or {@code absent}. */
    public long number(Property property, long absent) {
        Object v = value(property);
        return v == null ? absent : ((Number) v).longValue();
    }

    /** The value of a UTF-8 string property, or {@code null}. */
    public String string(Property property) {
        return (String) value(property);
    }

    /** The value of a binary property, or {@code null}. */
    public byte[] binary(Property property) {
        return (byte[]) value(property);
    }

    /** The User Properties, in order. */
    public List<UserProperty> userProperties() {
        List<UserProperty> users = new ArrayList<>();
        for (Entry e : entries) {
            if (e.value() instanceof UserProperty u) {
                users.add(u);
            }
        }
        return users;
    }

    /** The Subscription Identifiers, in order. */
    public List<Integer> subscriptionIdentifiers() {
        List<Integer> ids = new ArrayList<>();
        for (Entry e : entries) {
            if (e.property() == Property.SUBSCRIPTION_IDENTIFIER) {
                ids.add((Integer) e.value());
            }
        }
        return ids;
    }

    /** These properties, with only those in {@code kept}. */
    public Properties only(Set<Property> kept) {
        List<Entry> left = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            if (kept.contains(e.property())) {
                left.add(e);
            }
        }
        return left.size() == entries.size() ? this : of(left);
    }

    // ---- the wire ----

    /** The size of the properties' bytes, without the length in front of them. */
    public int encodedLength() {
        int length = 0;
        for (Entry e : entries) {
            length += 1 + switch (e.property().type()) {
                case BYTE -> 1;
                case TWO_BYTE_INTEGER -> 2;
                case FOUR_BYTE_INTEGER -> 4;
                case VARIABLE_BYTE_INTEGER -> PacketWriter.variableByteIntegerSize((Integer) e.value());
                case UTF8_STRING -> PacketWriter.stringSize((String) e.value());
                case BINARY -> PacketWriter.binarySize((byte[]) e.value(), e.property().toString());
                case UTF8_STRING_PAIR -> PacketWriter.stringSize(((UserProperty) e.value()).name())
                        + PacketWriter.stringSize(((UserProperty) e.value()).value());
            };
        }
        return length;
    }

    /** The size on the wire: the Variable Byte Integer length, then the properties. */
    int size() {
        int length = encodedLength();
        return PacketWriter.variableByteIntegerSize(length) + length;
    }

    /** Writes the length, then each property. */
    void writeTo(PacketWriter out) {
        out.writeVariableByteInteger(encodedLength());
        for (Entry e : entries) {
            out.writeVariableByteInteger(e.property().id());
            switch (e.property().type()) {
                case BYTE -> out.writeByte((Integer) e.value());
                case TWO_BYTE_INTEGER -> out.writeShort((Integer) e.value());
                case FOUR_BYTE_INTEGER -> out.writeInt((Long) e.value());
                case VARIABLE_BYTE_INTEGER -> out.writeVariableByteInteger((Integer) e.value());
                case UTF8_STRING -> out.writeString((String) e.value());
                case BINARY -> out.writeBinary((byte[]) e.value());
                case UTF8_STRING_PAIR -> {
                    out.writeString(((UserProperty) e.value()).name());
                    out.writeString(((UserProperty) e.value()).value());
                }
            }
        }
    }

    /** The properties' bytes without their length: what a store keeps of a message's application properties. */
    public byte[] toBytes() {
        int length = encodedLength();
        PacketWriter out = new PacketWriter(length + PacketWriter.variableByteIntegerSize(length));
        writeTo(out);
        byte[] all = out.toByteArray();
        return Arrays.copyOfRange(all, all.length - length, all.length);
    }

    /**
     * The properties of PUBLISH bytes made by {@link #toBytes} (a stored message's).
     *
     * @throws IllegalArgumentException when they are not PUBLISH properties
     */
    public static Properties ofPublishBytes(byte[] bytes) {
        if (bytes.length == 0) {
            return NONE;
        }
        FieldReader fields = new FieldReader(PacketType.PUBLISH, bytes, 0, bytes.length);
        try {
            return readEntries(fields, bytes.length, PacketType.PUBLISH, false);
        } catch (MqttProtocolException e) {
            throw new IllegalArgumentException("not the properties of a PUBLISH: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a packet's (or a will's) properties: their length, then each one, checking that
     * the packet may carry it (section 2.2.2.2) and that only a repeatable one repeats.
     */
    static Properties read(FieldReader fields, PacketType type, boolean will) throws MqttProtocolException {
        int length = fields.readVariableByteInteger("property length");
        if (length > fields.remaining()) {
            throw new MqttProtocolException(type + " property length " + length + " runs past the remaining length");
        }
        return length == 0 ? NONE : readEntries(fields, length, type, will);
    }

    private static Properties readEntries(FieldReader fields, int length, PacketType type, boolean will)
            throws MqttProtocolException {
        String where = will ? "the will properties" : type.toString();
        int end = fields.remaining() - length;
        List<Entry> entries = new ArrayList<>();
        EnumSet<Property> seen = EnumSet.noneOf(Property.class);
        while (fields.remaining() > end) {
            int id = fields.readVariableByteInteger("property identifier");
            Property property = Property.of(id);
            if (property == null || !property.allowedIn(type, will)) {
                throw new MqttProtocolException(where + " with property identifier 0x" + Integer.toHexString(id)
                        + (property == null ? ", which is not defined" : " (" + property + "), which it cannot have")
                        + " (section 2.2.2.2)");
            }
            if (!seen.add(property) && !property.repeatableIn(type)) {
                throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, where + " with " + property + " twice (section 2.2.2.2)");
            }
            String what = property.toString();
            Object value = switch (property.type()) {
                case BYTE -> fields.readByte(what);
                case TWO_BYTE_INTEGER -> fields.readShort(what);
                case FOUR_BYTE_INTEGER -> fields.readInt(what);
                case VARIABLE_BYTE_INTEGER -> fields.readVariableByteInteger(what);
                case UTF8_STRING -> fields.readString(what);
                case BINARY -> fields.readBinary(what);
                case UTF8_STRING_PAIR -> new UserProperty(fields.readString(what + " name"), fields.readString(what + " value"));
            };
            checkValue(where, property, value);
            entries.add(new Entry(property, value));
        }
        if (fields.remaining() != end) {
            throw new MqttProtocolException(where + ": a property runs past the property length");
        }
        return new Properties(List.copyOf(entries));
    }

    /** The values the standard rules out, each a Protocol Error; Topic Alias 0 has a reason code of its own. */
    private static void checkValue(String where, Property property, Object value) throws MqttProtocolException {
        long v = value instanceof Number n ? n.longValue() : -1;
        if (property == Property.TOPIC_ALIAS && v == 0) {
            throw new MqttProtocolException(ReasonCode.TOPIC_ALIAS_INVALID, where + " with Topic Alias 0 [MQTT-3.3.2-8]");
        }
        String bad = switch (property) {
            case PAYLOAD_FORMAT_INDICATOR, REQUEST_PROBLEM_INFORMATION, REQUEST_RESPONSE_INFORMATION, MAXIMUM_QOS,
                 RETAIN_AVAILABLE, WILDCARD_SUBSCRIPTION_AVAILABLE, SUBSCRIPTION_IDENTIFIER_AVAILABLE,
                 SHARED_SUBSCRIPTION_AVAILABLE -> v > 1 ? "is 0 or 1" : null;
            case RECEIVE_MAXIMUM, MAXIMUM_PACKET_SIZE, SUBSCRIPTION_IDENTIFIER -> v == 0 ? "is never 0" : null;
            default -> null;
        };
        if (bad != null) {
            throw new MqttProtocolException(ReasonCode.PROTOCOL_ERROR, where + " with " + property + " " + value
                    + ": it " + bad + " (section 2.2.2.2)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Properties p && entries.equals(p.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
