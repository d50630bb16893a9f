package dev.herald.broker.server.internal;

import dev.herald.broker.model.TopicFilter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tree finds exactly what {@link TopicFilter#matches} says, both ways. */
class TopicTreeTest {

    private static final List<String> NAMES = List.of("a", "a/b", "a/b/c", "a//c", "/a", "/", "b", "b/a",
            "$SYS/x", "$SYS", "$x/a", "x/y/z/w", "A/b");
    private static final List<String> FILTERS = List.of("#", "+", "a/#", "a/+", "+/b", "+/+", "/#", "/+", "+/#",
            "a/+/c", "$SYS/#", "$SYS/+", "a/+/#", "+/+/+/+", "a", "b/a", "$x/+", "a/b/#");

    @Test
    void findsTheNamesAFilterMatches() {
        TopicTree<String> tree = new TopicTree<>();
        NAMES.forEach(n -> tree.put(n, n));
        for (String f : FILTERS) {
            TopicFilter filter = TopicFilter.parse(f);
            Set<String> found = new TreeSet<>();
            tree.forEachMatchedBy(f, found::add);
            Set<String> expected = new TreeSet<>(NAMES.stream().filter(filter::matches).toList());
            assertEquals(expected, found, f);
        }
    }

    @Test
    void findsTheFiltersThatMatchAName() {
        TopicTree<String> tree = new TopicTree<>();
        FILTERS.forEach(f -> tree.put(f, f));
        for (String n : NAMES) {
            Set<String> found = new TreeSet<>();
            tree.forEachMatching(n, found::add);
            Set<String> expected = new TreeSet<>(FILTERS.stream().filter(f -> TopicFilter.parse(f).matches(n)).toList());
            assertEquals(expected, found, n);
        }
    }

    @Test
    void randomNamesAndFiltersAgreeWithMatchesAndRemovalPrunes() {
        Random random = new Random(11);
        String[] levels = {"a", "b", "", "$s", "c"};
        List<String> names = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder n = new StringBuilder();
            StringBuilder f = new StringBuilder();
            int depth = 1 + random.nextInt(4);
            for (int d = 0; d < depth; d++) {
                String level = levels[random.nextInt(levels.length)];
                if (d > 0 && level.startsWith("$")) {
                    level = "s";
                }
                n.append(d > 0 ? "/" : "").append(level.isEmpty() && depth == 1 ? "e" : level);
                int w = random.nextInt(5);
                f.append(d > 0 ? "/" : "").append(w == 0 ? "+" : w == 1 && d == depth - 1 ? "#" : level.isEmpty() ? "e" : level);
            }
            names.add(n.toString());
            filters.add(f.toString());
        }
        TopicTree<String> byName = new TopicTree<>();
        TopicTree<String> byFilter = new TopicTree<>();
        names.forEach(n -> byName.put(n, n));
        filters.forEach(f -> byFilter.put(f, f));
        for (String f : filters) {
            Set<String> found = new TreeSet<>();
            byName.forEachMatchedBy(f, found::add);
            assertEquals(new TreeSet<>(names.stream().filter(TopicFilter.parse(f)::matches).toList()), found, f);
        }
        for (String n : names) {
            Set<String> found = new TreeSet<>();
            byFilter.forEachMatching(n, found::add);
            assertEquals(new TreeSet<>(filters.stream().filter(f -> TopicFilter.parse(f).matches(n)).toList()), found, n);
        }
        names.forEach(byName::remove);
        Set<String> left = new TreeSet<>();
        byName.forEachMatchedBy("#", left::add);
        assertEquals(Set.of(), left);
    }
}
