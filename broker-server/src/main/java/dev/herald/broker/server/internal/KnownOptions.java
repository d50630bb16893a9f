package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.StoreProvider;

import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses {@code broker.*} properties that neither the server nor its store knows, so that a
 * misspelt option stops start-up instead of being ignored.
 */
public final class KnownOptions {

    private KnownOptions() {
    }

    /**
     * @param given  the names set, without the {@code broker.} prefix
     * @param server the server's own option names
     * @param store  the store in use, which declares its settings
     * @param stores every store found, to say which one an option of another store belongs to
     * @throws IllegalArgumentException naming the first unknown option and the nearest known one
     */
    public static void check(Set<String> given, Set<String> server, StoreProvider store,
                             Iterable<? extends StoreProvider> stores) {
        Set<String> known = new TreeSet<>(server);
        known.addAll(store.settings());
        for (String name : new TreeSet<>(given)) {
            if (known.contains(name)) {
                continue;
            }
            for (StoreProvider other : stores) {
                if (other.settings().contains(name)) {
                    throw new IllegalArgumentException("broker." + name + " is an option of the " + other.name()
                            + " store, not of the " + store.name() + " store chosen by broker.store");
                }
            }
            String nearest = known.stream().min(Comparator.comparingInt(k -> distance(name, k))).orElseThrow();
            throw new IllegalArgumentException("unknown option broker." + name + "; the nearest known option is broker."
                    + nearest);
        }
    }

    /** The edit distance of two names: insertions, deletions and substitutions. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
