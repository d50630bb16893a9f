package dev.herald.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged distribution, run as a user runs it: bin/herald serve, sub and pub. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class DistributionIT {

    private static final Path HOME = Path.of(System.getProperty("herald.home"));
    private static final Path ARCHIVE = Path.of(System.getProperty("herald.archive"));
    private static final Pattern READY = Pattern.compile("Herald ready on herald://127\\.0\\.0\\.1:(\\d+) \\(store memory\\)");

    /** The JVM that runs these tests as JAVA_HOME: the one the build found. */
    private static final Consumer<Map<String, String>> THIS_JAVA = env -> env.put("JAVA_HOME", System.getProperty("java.home"));

    @Test
    void subAndPubTalkThroughAServerStartedByServe() throws Exception {
        try (Launch serve = Launch.herald(HOME, THIS_JAVA, "", "serve", "-c", "conf/herald.properties",
                "--host", "127.0.0.1", "--port", "0")) {
            Matcher ready = READY.matcher(serve.awaitErrorLine("its ready line", READY.asPredicate()));
            assertTrue(ready.find());
            String port = ready.group(1);

            try (Launch first = Launch.herald(HOME, THIS_JAVA, "", "pub", "-p", port, "-t", "NEWS", "-m", "first news");
                 Launch sub = Launch.herald(HOME, THIS_JAVA, "", "sub", "-p", port, "-t", "NEWS", "-C", "3", "-v")) {
                assertEquals(0, first.exitStatus(), first.err()::toString);
                assertEquals(List.of("NEWS 1 first news"), sub.awaitOutput(1), "the history, then the subscriber waits");

                try (Launch lines = Launch.herald(HOME, THIS_JAVA, "second\nthird\n", "pub", "-p", port, "-t", "NEWS")) {
                    assertEquals(0, lines.exitStatus(), lines.err()::toString);
                }
                assertEquals(0, sub.exitStatus(), sub.err()::toString);
                assertEquals(List.of("NEWS 1 first news", "NEWS 2 second", "NEWS 3 third"), sub.out());
                assertEquals(List.of(), sub.err());
            }

            serve.terminate();
            serve.exitStatus();
            assertEquals(List.of(), serve.err().stream().filter(line -> !line.matches("\\S+ \\S+ INFO .*")).toList(),
                    "serve logs no warning");
        }
    }

    @Test
    void badArgumentsExitWithTwoAndSayWhy() throws Exception {
        try (Launch pub = Launch.herald(HOME, THIS_JAVA, "", "pub", "-m", "no topic")) {
            assertEquals(2, pub.exitStatus());
            assertEquals(List.of("herald pub: Missing required option: '--topic=TOPIC'",
                    "Try 'herald pub --help' for more information."), pub.err());
        }
    }

    @Test
    void passesOverAJavaHomeOlderThan21(@TempDir Path dir) throws Exception {
        Path old = Files.createDirectories(dir.resolve("jdk-17/bin"));
        Files.writeString(old.resolveSibling("release"), "JAVA_VERSION=\"17.0.2\"\n");
        Path java = Files.writeString(old.resolve("java"), "#!/bin/sh\necho the old java ran\nexit 3\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        // as on a machine whose only configured Java is old: a newer one must be found installed, or named missing
        try (Launch version = Launch.herald(HOME, env -> {
            env.put("JAVA_HOME", old.getParent().toString());
            env.put("PATH", "/usr/bin:/bin");
        }, "", "--version")) {
            int status = version.exitStatus();
            assertTrue(version.out().stream().noneMatch(line -> line.contains("the old java ran")));
            if (status == 0) {
                Matcher m = Pattern.compile("^Java (\\d+)").matcher(version.out().get(1));
                assertTrue(m.find() && Integer.parseInt(m.group(1)) >= 21, version.out()::toString);
            } else {
                assertEquals(1, status);
                assertTrue(version.err().getFirst().startsWith("herald: needs Java 21 or newer, and found none"),
                        version.err()::toString);
            }
        }
    }

    @Test
    void theArchiveHoldsTheFolder() throws Exception {
        Process tar = new ProcessBuilder("tar", "-tzf", ARCHIVE.toString()).redirectErrorStream(true).start();
        List<String> entries = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, tar.waitFor());
        String base = HOME.getFileName() + "/";
        for (String entry : List.of("bin/herald", "bin/herald.cmd", "libexec/find-java.sh", "conf/herald.properties",
                "conf/logging.properties", "lib/" + cliJar())) {
            assertTrue(entries.contains(base + entry), entry + " in " + entries);
        }
        assertTrue(Files.isExecutable(HOME.resolve("bin/herald")));
    }

    private static String cliJar() throws IOException {
        try (var lib = Files.list(HOME.resolve("lib"))) {
            return lib.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("herald-cli-")).findFirst().orElseThrow();
        }
    }
}
