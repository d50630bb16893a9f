package dev.herald.demo;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The demo's output: lines stamped with the time since the sequence started, in the
 * original's {@code [Subscriber 1] ...} style. Listeners of several clients write here at
 * once, so every write is one synchronized call.
 */
final class Transcript {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private boolean inProgressLine;

    Transcript(PrintStream out) {
        this.out = out;
    }

    /** {@code +00.412s [who] text}. */
    synchronized void say(String who, String text) {
        endProgress();
        out.println(stamp(Duration.ofNanos(System.nanoTime() - startNanos)) + " [" + who + "] " + text);
    }

    /** A step's title, after a blank line. */
    synchronized void heading(String title) {
        endProgress();
        out.println();
        out.println("== " + title + " ==");
    }

    /** A line as it is. */
    synchronized void line(String text) {
        endProgress();
        out.println(text);
    }

    /** Adds to the current progress line. */
    synchronized void progress(String text) {
        out.print(text);
        out.flush();
        inProgressLine = true;
    }

    /** Ends a progress line, if one is open. */
    synchronized void endProgress() {
        if (inProgressLine) {
            out.println();
            inProgressLine = false;
        }
    }

    /** The time {@code epochMillis} as an offset from the start, e.g. {@code +00.041s}. */
    String sinceStart(long epochMillis) {
        return stamp(Duration.ofMillis(epochMillis - startMillis));
    }

    static String stamp(Duration sinceStart) {
        long ms = sinceStart.toMillis();
        String sign = ms < 0 ? "-" : "+";
        ms = Math.abs(ms);
        return String.format("%s%02d.%03ds", sign, ms / 1000, ms % 1000);
    }

    /** A duration as people write it: {@code 30s}, {@code 1.5s}, {@code 250ms}, {@code 2m}. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return String.format("%.1fs", ms / 1000.0);
    }
}
