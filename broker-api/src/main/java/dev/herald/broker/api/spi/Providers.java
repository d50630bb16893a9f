package dev.herald.broker.api.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Chooses a provider by name, the same way for stores and transports: never by position,
 * since {@link java.util.ServiceLoader} orders providers differently on the module path and
 * the class path.
 */
public final class Providers {

    private Providers() {
    }

    /**
     * The provider named {@code name} among {@code candidates}.
     *
     * @param kind what is chosen, for messages ("store", "transport")
     * @param property the configuration property that named it, for messages
     * @throws IllegalStateException    when two providers share a name (the message names both classes)
     * @throws IllegalArgumentException when none has the name (the message lists the names found)
     */
    public static <P extends NamedProvider> P select(String kind, String property, String name, Iterable<? extends P> candidates) {
        Map<String, P> byName = index(kind, candidates);
        P found = byName.get(name);
        if (found == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + name + "' in " + property
                    + "; " + kind + "s found: " + (byName.isEmpty() ? "none" : String.join(", ", new TreeSet<>(byName.keySet()))));
        }
        return found;
    }

    /**
     * Every candidate by name.
     *
     * @throws IllegalStateException when two providers share a name
     */
    public static <P extends NamedProvider> Map<String, P> index(String kind, Iterable<? extends P> candidates) {
        Map<String, P> byName = new LinkedHashMap<>();
        for (P candidate : candidates) {
            P previous = byName.putIfAbsent(candidate.name(), candidate);
            if (previous != null && previous.getClass() != candidate.getClass()) {
                throw new IllegalStateException("two " + kind + " providers are named '" + candidate.name() + "': "
                        + previous.getClass().getName() + " and " + candidate.getClass().getName());
            }
        }
        return byName;
    }

    /** The names of the candidates, sorted. */
    public static List<String> names(Iterable<? extends NamedProvider> candidates) {
        List<String> names = new ArrayList<>();
        candidates.forEach(p -> names.add(p.name()));
        names.sort(null);
        return names;
    }
}
