import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Adds {@code module-info.class} (and the module's main class, when it has one) to a jar with
 * the {@code jar} tool of the JDK that compiled it. The build runs this only when Maven itself
 * runs on a JDK older than 21, whose own {@code jar} tool cannot read the descriptor.
 *
 * <p>Arguments: the jar, the classes folder, and the main class or nothing.
 */
class ModularJar {
    public static void main(String[] args) {
        Path jar = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classes.resolve("module-info.class"))) {
            return; // a pom, or a jar without a module
        }
        List<String> jarArgs = new ArrayList<>(List.of("--update", "--file", jar.toString()));
        if (args.length > 2 && !args[2].isBlank()) {
            jarArgs.addAll(List.of("--main-class", args[2].strip()));
        }
        jarArgs.addAll(List.of("-C", classes.toString(), "module-info.class"));
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow(() -> new IllegalStateException("no jar tool"));
        System.exit(tool.run(System.out, System.err, jarArgs.toArray(String[]::new)));
    }
}
