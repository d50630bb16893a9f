package dev.herald.bench.target;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a server's memory: the heap in use after a full collection (only for a server in
 * this JVM) and the resident set size from {@code /proc/<pid>/status} (Linux).
 */
public final class MemoryProbe {

    private static final int MIN_GCS = 3;
    private static final int MAX_GCS = 10;
    private static final long CLEANER_PAUSE_MS = 100;

    private final boolean ownHeap;
    private final long pid;

    private MemoryProbe(boolean ownHeap, long pid) {
        this.ownHeap = ownHeap;
        this.pid = pid;
    }

    /** This JVM: heap and RSS. */
    public static MemoryProbe self() {
        return new MemoryProbe(true, ProcessHandle.current().pid());
    }

    /** Another process: RSS only. */
    public static MemoryProbe process(long pid) {
        return new MemoryProbe(false, pid);
    }

    /**
     * Whether this reads another process, whose allocator keeps memory freed after a run: only
     * the first run against a fresh process shows what its connections cost.
     */
    public boolean external() {
        return !ownHeap && pid >= 0;
    }

    /** Nothing to read (an external server whose pid is unknown). */
    public static MemoryProbe none() {
        return new MemoryProbe(false, -1);
    }

    /**
     * Heap bytes in use after full collections have settled, if this probe can see the heap.
     * Collects several times with pauses in between, so that objects kept only until a
     * cleaner has run (closed sockets of an earlier run) are gone too.
     */
    public OptionalLong heapAfterGc() throws InterruptedException {
        if (!ownHeap) {
            return OptionalLong.empty();
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < MAX_GCS; i++) {
            System.gc();
            used = memory.getHeapMemoryUsage().getUsed();
            if (i >= MIN_GCS - 1 && used >= previous - previous / 1000) {
                break; // settled: within 0.1% of the last collection
            }
            previous = Math.min(previous, used);
            Thread.sleep(CLEANER_PAUSE_MS);
        }
        return OptionalLong.of(used);
    }

    /**
     * Whether the heap is fixed and touched up front ({@code -Xms} equal to {@code -Xmx} and
     * {@code -XX:+AlwaysPreTouch}): then a change of this JVM's RSS is native memory only.
     */
    public static boolean heapPinned() {
        java.util.List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String xms = null;
        String xmx = null;
        boolean preTouch = false;
        for (String a : args) {
            if (a.startsWith("-Xms")) {
                xms = a.substring(4);
            } else if (a.startsWith("-Xmx")) {
                xmx = a.substring(4);
            } else if (a.equals("-XX:+AlwaysPreTouch")) {
                preTouch = true;
            }
        }
        return preTouch && xms != null && xms.equals(xmx);
    }

    /** The process's resident set size in bytes ({@code VmRSS}), if it can be read. */
    public OptionalLong rss() {
        if (pid < 0) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).strip().split("\\s+");
                    long value = Long.parseLong(parts[0]);
                    return OptionalLong.of(parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value);
                }
            }
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
