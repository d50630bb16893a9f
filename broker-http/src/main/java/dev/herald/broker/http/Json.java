package dev.herald.broker.http;

import dev.herald.broker.model.Message;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small JSON writer for the admin API's answers: objects are maps in the order given, or
 * records (their components, in order); arrays are collections; strings, numbers, booleans
 * and null as JSON has them.
 */
final class Json {

    private Json() {
    }

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(s, out);
            case Boolean b -> out.append(b);
            case Double d -> out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
            case Number n -> out.append(n);
            case Record r -> write(fields(r), out);
            case Message m -> write(message(m), out);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    string(String.valueOf(e.getKey()), out);
                    out.append(':');
                    write(e.getValue(), out);
                }
                out.append('}');
            }
            case Collection<?> list -> {
                out.append('[');
                boolean first = true;
                for (Object item : list) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(item, out);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    /**
     * A message as the admin API shows it: its payload as text when it is UTF-8, else as
     * base64 under {@code payloadBase64}, so that nothing is lost either way.
     */
    static Map<String, Object> message(Message m) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", m.id());
        fields.put("topic", m.topic());
        fields.put("publishedAt", m.publishedAt());
        if (m.payloadIsUtf8()) {
            fields.put("payload", m.payload());
        } else {
            fields.put("payloadBase64", java.util.Base64.getEncoder().encodeToString(m.payloadBytes()));
        }
        return fields;
    }

    /** A record's components by name, in declaration order. */
    static Map<String, Object> fields(Record r) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                fields.put(c.getName(), c.getAccessor().invoke(r));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass(), e);
            }
        }
        return fields;
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
