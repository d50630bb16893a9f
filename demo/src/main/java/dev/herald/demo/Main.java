package dev.herald.demo;

import dev.herald.broker.server.HeraldServer;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -p target/modules -m dev.herald.demo}: the demo on the console. Exits 0 when the
 * sequence passed or was not run, 1 when a check failed, 2 when the broker could not run.
 */
public final class Main {

    /** Held so that the level set on it stays (the logging framework keeps loggers weakly). */
    private static Logger rootLogger;

    private Main() {
    }

    public static void main(String[] args) {
        quietLogging();
        HeraldServer.Builder server;
        try {
            server = HeraldServer.fromSystemProperties().port(0);
            if (System.getProperty("broker.host") == null) {
                // The demo's clients are in this process: nobody else needs to reach the broker.
                server.host("127.0.0.1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("herald demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        DemoResult result = new DemoSequence(System.in, System.out, server).run();
        System.out.flush();
        System.exit(result.exitCode());
    }

    /**
     * Keeps the output to the demo's own lines: the broker, the client library and the store
     * pool log through java.util.logging, which would print their INFO lines in between.
     * Warnings still show. A logging configuration given on the command line wins.
     */
    private static void quietLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s %3$s: %5$s%6$s%n");
        }
        rootLogger = Logger.getLogger("");
        rootLogger.setLevel(Level.WARNING);
    }
}
