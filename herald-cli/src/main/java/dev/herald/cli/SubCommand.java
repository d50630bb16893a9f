package dev.herald.cli;

import dev.herald.broker.model.Message;
import dev.herald.broker.client.ConnectionListener;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.client.HeraldException;
import dev.herald.broker.client.SessionStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code herald sub}: prints the messages of topics, one payload a line. */
@Command(name = "sub", mixinStandardHelpOptions = true, versionProvider = Herald.Version.class,
        description = {"Subscribes to topics and prints their messages, one payload a line: first each topic's retained history, then new messages as they come.",
                "On leaving, the session stays on the broker and collects messages; --resume with the same -i prints them next time."},
        footer = {"", "Exit status: 0 done (the -C count reached, the -W time up, or the session resumed), 1 failure (connection lost, or -W up before the -C count), 2 bad arguments."})
final class SubCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-t", "--topic"}, paramLabel = "FILTER",
            description = "A topic to subscribe to; repeatable.")
    List<String> topics = List.of();

    @Option(names = "--resume",
            description = "Resume the stored session of the -i id: print the messages it missed, then new ones. The -t topics are subscribed only if the broker has no such session.")
    boolean resume;

    @Option(names = {"-C", "--count"}, paramLabel = "N", description = "Leave after N messages.")
    Integer count;

    @Option(names = {"-W", "--timeout"}, paramLabel = "SECONDS", description = "Leave after this many seconds (a fraction is allowed).")
    Double timeout;

    @Option(names = {"-v", "--verbose"}, description = "Print each message as: topic id payload.")
    boolean verbose;

    private final CompletableFuture<Integer> done = new CompletableFuture<>();
    private int printed;

    @Override
    public Integer call() throws InterruptedException {
        check();
        try (HeraldClient client = connection.client("sub").defaultListener(this::print)
                .connectionListener(new ConnectionListener() {
                    @Override
                    public void connectionLost(HeraldClient c, HeraldException cause) {
                        done.completeExceptionally(cause);
                    }
                }).build()) {
            SessionStart start = resume ? client.resume() : client.connect();
            if (!start.resumed()) {
                for (String topic : topics) {
                    client.subscribe(topic, this::print);
                }
            }
            Thread leave = new Thread(() -> leave(client), "herald-sub-leave");
            Runtime.getRuntime().addShutdownHook(leave);
            try {
                return awaitEnd();
            } finally {
                removeHook(leave);
                leave(client);
            }
        }
    }

    private void check() {
        if (topics.isEmpty() && !resume) {
            throw new ParameterException(spec.commandLine(), "at least one -t topic is needed (or --resume of a session)");
        }
        if (resume && connection.clientId == null) {
            throw new ParameterException(spec.commandLine(), "--resume needs the -i id of the session to resume");
        }
        if (count != null && count < 1) {
            throw new ParameterException(spec.commandLine(), "--count must be at least 1: " + count);
        }
        if (timeout != null && !(timeout > 0)) {
            throw new ParameterException(spec.commandLine(), "--timeout must be more than zero seconds: " + timeout);
        }
    }

    private int awaitEnd() throws InterruptedException {
        try {
            return timeout == null ? done.get()
                    : done.get(Duration.ofMillis(Math.round(timeout * 1000)).toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            if (count == null) {
                return Herald.OK;
            }
            synchronized (this) {
                spec.commandLine().getErr().println("herald sub: " + printed + " of " + count
                        + " messages within " + timeout + " s");
            }
            return Herald.FAILED;
        }
    }

    private synchronized void print(Message message) {
        if (done.isDone()) {
            return;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(verbose ? message.topic() + " " + message.id() + " " + message.payload() : message.payload());
        out.flush();
        if (count != null && ++printed >= count) {
            done.complete(Herald.OK);
        }
    }

    private static void leave(HeraldClient client) {
        if (client.isConnected()) {
            client.disconnect();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or has run
        }
    }
}
