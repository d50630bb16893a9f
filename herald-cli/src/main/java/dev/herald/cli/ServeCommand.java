package dev.herald.cli;

import dev.herald.broker.server.HeraldServer;
import dev.herald.broker.server.Passwd;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code herald serve}: runs a broker until it is stopped. Every server option is a flag of the
 * same name as its {@code broker.*} property ({@code --port}, {@code --offline.ttl}); the flags
 * are made from {@link HeraldServer.Builder#optionNames()}, so a new option needs no change here.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Herald.Version.class,
        description = {"Runs a Herald broker until Ctrl-C or SIGTERM. It logs 'Herald ready on herald://HOST:PORT' once it listens.",
                "Each server option broker.NAME is the flag --NAME VALUE; store settings (broker.jdbc.url, ...) take -D.",
                "Later sources win: -c file, then -Dbroker.* JVM system properties, then -D, then flags."},
        sortOptions = false,
        footer = {"", "Exit status: 0 stopped, 1 could not start, 2 bad arguments or option values."})
final class ServeCommand implements Callable<Integer> {

    private static final String PREFIX = "broker.";

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", order = -3,
            description = "A properties file of broker.* options.")
    Path config;

    @Option(names = {"-D", "--option"}, paramLabel = "NAME=VALUE", order = -2,
            description = "Any option or store setting, with or without its 'broker.' prefix: -D jdbc.url=jdbc:h2:file:./data")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--tls", order = -1, description = "Serve TLS; needs --tls.keystore (and --tls.keystore-password).")
    boolean tls;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", order = -1,
            description = "Require authentication, by this one user (with --password-file); --users takes a file of many.")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", order = -1, description = "A file whose first line is the user's password.")
    Path passwordFile;

    private final Map<String, OptionSpec> serverOptions = new LinkedHashMap<>();
    /** Hears the started server; the program waits for it to be closed. */
    private final Consumer<HeraldServer> started;

    ServeCommand() {
        this(server -> Runtime.getRuntime().addShutdownHook(new Thread(server::close, "herald-shutdown")));
    }

    ServeCommand(Consumer<HeraldServer> started) {
        this.started = started;
    }

    /** Adds a flag per server option to the command's model, which picocli made from the fields above. */
    void addServerOptions(CommandSpec spec) {
        for (String name : new TreeSet<>(HeraldServer.Builder.optionNames())) {
            OptionSpec option = OptionSpec.builder("--" + name).paramLabel("VALUE").type(String.class)
                    .description("The " + PREFIX + name + " option.").build();
            spec.addOption(option);
            serverOptions.put(name, option);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        HeraldServer server;
        try {
            server = HeraldServer.Builder.fromProperties(properties()).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Herald could not start: " + e.getMessage(), e);
        }
        started.accept(server);
        server.awaitClosed();
        return Herald.OK;
    }

    /** The broker.* properties of every source, later ones winning. */
    private Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (config != null) {
            properties.putAll(prefixed(load(config)));
        }
        System.getProperties().forEach((k, v) -> {
            if (k instanceof String key && key.startsWith(PREFIX)) {
                properties.put(key, String.valueOf(v));
            }
        });
        properties.putAll(prefixed(options));
        serverOptions.forEach((name, option) -> {
            String value = option.getValue();
            if (value != null) {
                properties.put(PREFIX + name, value);
            }
        });
        if (tls && properties.get(PREFIX + "tls.keystore") == null) {
            throw new ParameterException(spec.commandLine(), "--tls needs --tls.keystore");
        }
        if (user != null || passwordFile != null) {
            if (properties.containsKey(PREFIX + "users")) {
                throw new ParameterException(spec.commandLine(), "give --users or --user, not both");
            }
            properties.put(PREFIX + "users", oneUserFile().toString());
        }
        return properties;
    }

    private static Map<String, String> prefixed(Map<?, ?> entries) {
        Map<String, String> result = new LinkedHashMap<>();
        entries.forEach((k, v) -> {
            String key = String.valueOf(k).strip();
            result.put(key.startsWith(PREFIX) ? key : PREFIX + key, String.valueOf(v));
        });
        return result;
    }

    private Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read the --config file " + file + ": " + e.getMessage());
        }
        return p;
    }

    /** A users file of the --user, readable by this process only and deleted when it ends. */
    private Path oneUserFile() {
        if (user == null || passwordFile == null) {
            throw new ParameterException(spec.commandLine(), "--user and --password-file go together");
        }
        String password = ConnectionOptions.password(passwordFile, spec);
        try {
            String hash = Passwd.hash(password.toCharArray());
            Path file = Files.createTempFile("herald-users", ".properties");
            file.toFile().deleteOnExit();
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            Properties users = new Properties();
            users.setProperty(user, hash);
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                users.store(w, "the user of herald serve --user");
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the users file: " + e.getMessage(), e);
        }
    }
}
