package dev.herald.broker.server;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Runs a program of this module in a JVM of its own, as a user would from a shell. */
final class Programs {

    private Programs() {
    }

    /**
     * Starts {@code mainClass} with this JVM's module and class path on its class path.
     *
     * @param jvmOptions options before the class name, such as {@code -Dbroker.port=0}
     */
    static Process start(String mainClass, List<String> jvmOptions, String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> path = new ArrayList<>();
        for (String p : new String[] {System.getProperty("jdk.module.path"), System.getProperty("java.class.path")}) {
            if (p != null && !p.isBlank()) {
                path.add(p);
            }
        }
        List<String> command = new ArrayList<>(List.of(java, "-cp", String.join(File.pathSeparator, path)));
        command.addAll(jvmOptions);
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
