package dev.herald.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.logging.LogManager;

/**
 * The {@code herald} command and its subcommands. Exit status: 0 when done, 1 when it failed,
 * 2 for bad arguments (with a message that says what is wrong).
 */
@Command(name = "herald", mixinStandardHelpOptions = true, versionProvider = Herald.Version.class,
        description = "Herald, a publish/subscribe message broker: run it, publish to it, subscribe to it.",
        synopsisSubcommandLabel = "(pub | sub | serve)",
        footer = {"", "Exit status: 0 done, 1 failure, 2 bad arguments.", "Run 'herald COMMAND --help' for a command's options."})
public final class Herald implements Callable<Integer> {

    /** Done. */
    public static final int OK = 0;
    /** Something failed: the server refused, the connection was lost, ... */
    public static final int FAILED = 1;
    /** The arguments are wrong. */
    public static final int BAD_ARGUMENTS = 2;

    @Spec
    CommandSpec spec;

    /** Runs the command with these arguments and exits with its status. */
    public static void main(String[] args) {
        configureLogging();
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(execute(args, System.in, out, err));
    }

    /**
     * Runs the command with these arguments.
     *
     * @return the exit status
     */
    static int execute(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
        return execute(args, in, out, err, new ServeCommand());
    }

    static int execute(String[] args, InputStream in, PrintWriter out, PrintWriter err, ServeCommand serve) {
        CommandLine commandLine = new CommandLine(new Herald())
                .addSubcommand(new PubCommand(in))
                .addSubcommand(new SubCommand())
                .addSubcommand(serve);
        serve.addServerOptions(commandLine.getSubcommands().get("serve").getCommandSpec());
        commandLine.setOut(out).setErr(err);
        commandLine.setParameterExceptionHandler((e, a) -> badArguments(e.getCommandLine(), e.getMessage()));
        commandLine.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                return badArguments(c, e.getMessage()); // a value the client library refused, such as a topic name
            }
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + describe(e));
            return FAILED;
        });
        return commandLine.execute(args);
    }

    private static int badArguments(CommandLine command, String message) {
        String name = command.getCommandSpec().qualifiedName();
        command.getErr().println(name + ": " + message);
        command.getErr().println("Try '" + name + " --help' for more information.");
        return BAD_ARGUMENTS;
    }

    private static String describe(Exception e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is needed: pub, sub or serve");
    }

    /** The logging of a run, from the command's own configuration unless the JVM was given one. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream config = Herald.class.getResourceAsStream("logging.properties")) {
            if (config != null) {
                LogManager.getLogManager().readConfiguration(config);
            }
        } catch (IOException e) {
            System.err.println("herald: the logging configuration could not be read: " + e.getMessage());
        }
    }

    /** The version of the module, as the build recorded it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Herald.class.getModule().getDescriptor() == null ? null
                    : Herald.class.getModule().getDescriptor().rawVersion().orElse(null);
            return new String[] {"herald " + (version != null ? version : "(development build)"),
                    "Java " + Runtime.version() + " at " + System.getProperty("java.home")};
        }
    }
}
