package dev.herald.bench.jmh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the JMH suite. JMH finds its benchmark list as a class-path resource and forks its
 * measuring JVMs with the class path of the JVM that started it, so this relaunches the
 * JMH main on a class path made of the jars of our module path: the same jars, used the
 * way JMH expects.
 */
public final class JmhLauncher {

    private static final String JMH_MAIN = "org.openjdk.jmh.Main";

    private JmhLauncher() {
    }

    /** Runs {@code org.openjdk.jmh.Main} with {@code args}; returns its exit code. */
    public static int run(String[] args) throws IOException, InterruptedException {
        String modulePath = System.getProperty("jdk.module.path");
        String classPath = classPath(modulePath);
        if (classPath.isEmpty()) {
            classPath = System.getProperty("java.class.path");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath);
        command.add(JMH_MAIN);
        command.addAll(List.of(args));
        Process jmh = new ProcessBuilder(command).inheritIO().start();
        return jmh.waitFor();
    }

    /** The jars (and class folders) of a module path, as a class path. */
    static String classPath(String modulePath) throws IOException {
        if (modulePath == null || modulePath.isBlank()) {
            return "";
        }
        List<String> entries = new ArrayList<>();
        for (String element : modulePath.split(File.pathSeparator)) {
            Path p = Path.of(element);
            if (Files.isDirectory(p) && !Files.exists(p.resolve("module-info.class"))) {
                try (Stream<Path> jars = Files.list(p)) {
                    jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> entries.add(j.toString()));
                }
            } else {
                entries.add(p.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
