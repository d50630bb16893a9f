package dev.herald.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the figure map of a {@link Measurement}, in the order figures are added. */
public final class Figures {

    private final Map<String, Double> values = new LinkedHashMap<>();

    public Figures put(String name, double value) {
        values.put(name, value);
        return this;
    }

    public Map<String, Double> toMap() {
        return values;
    }
}
