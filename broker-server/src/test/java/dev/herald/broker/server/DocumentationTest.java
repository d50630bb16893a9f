package dev.herald.broker.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README and the pages under docs/ name the options the server has, and every one of them. */
class DocumentationTest {

    private static final Pattern OPTION = Pattern.compile("(?<![\\w.])broker\\.([a-z][a-z0-9.-]*[a-z0-9])");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `broker\\.([a-z0-9.-]+)` \\|", Pattern.MULTILINE);

    private static String read(String page) throws IOException {
        return Files.readString(Path.of("..").resolve(page));
    }

    private static Set<String> matches(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void namesOnlyOptionsThatExist() throws IOException {
        for (String page : new String[] {"README.md", "docs/protocol.md", "docs/security.md"}) {
            for (String name : matches(OPTION, read(page))) {
                boolean known = HeraldServer.Builder.SERVER_OPTIONS.contains(name) || isStoreSetting(name);
                assertTrue(known, page + " names broker." + name + ", which the server does not have");
            }
        }
    }

    @Test
    void theReadmeTableHasARowForEveryOption() throws IOException {
        Set<String> rows = matches(TABLE_ROW, read("README.md"));
        Set<String> options = new TreeSet<>(HeraldServer.Builder.SERVER_OPTIONS);
        options.remove("transport"); // chosen by embedders and the benchmark, not by operators
        rows.removeIf(DocumentationTest::isStoreSetting);
        assertEquals(options, rows);
    }

    /** A setting a store declares: the memory store's (found here), or the JDBC store's ({@code jdbc.*}). */
    private static boolean isStoreSetting(String name) {
        return name.startsWith("jdbc.") || java.util.ServiceLoader.load(dev.herald.broker.api.spi.StoreProvider.class)
                .stream().anyMatch(p -> p.get().settings().contains(name));
    }
}
