package dev.herald.broker.server.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import static java.lang.System.Logger.Level.WARNING;

/**
 * Slows the answers to failed logins, per source address and per user, so that guessing
 * passwords is slow however many connections a guesser opens.
 *
 * <p>Each address and each user has a count of recent failures. The first failure is
 * answered at once; each further one waits twice as long as the one before, from
 * {@value #SECOND_DELAY_MS} ms up to {@value #MAX_DELAY_MS} ms. The waits of one address (and of
 * one user) follow each other: a failure is answered only after the answer to the previous
 * failure plus its own delay, so parallel connections queue instead of guessing side by side.
 * A count is forgotten after {@value #FORGET_MS} ms without failures. Successful logins are
 * never slowed, and they do not reset the counts, which a guesser with one valid account could
 * otherwise use.
 *
 * <p>The password checks of one address run one at a time ({@link #checkAlone}): a check is
 * slow on purpose, and a burst of logins from one address must not make those of every
 * other address wait behind it.
 *
 * <p>The log gets one line per address per {@value #LOG_INTERVAL_MS} ms with the number of
 * failures, not one line per failure. Times are those of the server's clock.
 */
final class LoginThrottle {

    static final long SECOND_DELAY_MS = 50;
    static final long MAX_DELAY_MS = 2_000;
    static final long FORGET_MS = 60_000;
    static final long LOG_INTERVAL_MS = 1_000;
    /** Addresses and users tracked at most, each; past it the newcomers share one count. */
    static final int MAX_TRACKED = 10_000;
    private static final String OTHERS = "(others)";
    private static final int USERS_NAMED_PER_LINE = 5;
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final System.Logger LOG = System.getLogger(LoginThrottle.class.getName());

    /** The failures of one address or one user. */
    private static final class Failures {
        int count;
        /** When the last failure is answered. */
        long answeredAt;
        /** Failures not logged yet, and the users they named (addresses only). */
        int unlogged;
        long loggedAt = Long.MIN_VALUE / 2;
        final Set<String> users = new LinkedHashSet<>();
    }

    /** The password checks of one address: one runs, the others wait their turn. */
    private static final class Checks {
        final ReentrantLock turn = new ReentrantLock(true);
        int waiting;
    }

    private final Clock clock;
    private final Map<String, Failures> byAddress = new HashMap<>();
    private final Map<String, Failures> byUser = new HashMap<>();
    private final Map<String, Checks> checks = new HashMap<>();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** The delay of the n-th failure in a row. */
    static long delay(int failures) {
        if (failures <= 1) {
            return 0;
        }
        return Math.min(MAX_DELAY_MS, SECOND_DELAY_MS << Math.min(failures - 2, 20));
    }

    /**
     * Runs a password check of {@code address} once no other check of that address runs.
     * Waits on the calling (virtual) thread; holds nothing that logins of other addresses need.
     */
    boolean checkAlone(String address, BooleanSupplier check) {
        Checks c;
        synchronized (this) {
            c = checks.computeIfAbsent(address, k -> new Checks());
            c.waiting++;
        }
        c.turn.lock();
        try {
            return check.getAsBoolean();
        } finally {
            c.turn.unlock();
            synchronized (this) {
                if (--c.waiting == 0) {
                    checks.remove(address);
                }
            }
        }
    }

    /**
     * Counts a failed login of {@code user} from {@code address} at {@code now}.
     *
     * @return when, on the server's clock, the failure may be answered
     */
    long failed(String address, String user, long now) {
        List<String> lines = new ArrayList<>(1);
        long answerAt;
        synchronized (this) {
            Failures a = failures(byAddress, address, now);
            Failures u = failures(byUser, user, now);
            a.count++;
            u.count++;
            answerAt = Math.max(Math.max(now, a.answeredAt) + delay(a.count), Math.max(now, u.answeredAt) + delay(u.count));
            a.answeredAt = answerAt;
            u.answeredAt = answerAt;
            a.unlogged++;
            if (a.users.size() < USERS_NAMED_PER_LINE) {
                a.users.add(printable(user));
            }
            logDue(address, a, now, lines);
        }
        lines.forEach(line -> LOG.log(WARNING, line));
        return answerAt;
    }

    /** The failures of a key, forgotten after a quiet while; newcomers share one entry once too many are tracked. */
    private static Failures failures(Map<String, Failures> map, String key, long now) {
        Failures f = map.get(key);
        if (f == null) {
            if (map.size() >= MAX_TRACKED) {
                forgetQuiet(map, now);
            }
            f = map.computeIfAbsent(map.size() >= MAX_TRACKED ? OTHERS : key, k -> new Failures());
        }
        if (now - f.answeredAt > FORGET_MS) {
            f.count = 0;
        }
        return f;
    }

    private static void forgetQuiet(Map<String, Failures> map, long now) {
        for (Iterator<Failures> i = map.values().iterator(); i.hasNext(); ) {
            Failures f = i.next();
            if (now - f.answeredAt > FORGET_MS && f.unlogged == 0) {
                i.remove();
            }
        }
    }

    private static void logDue(String address, Failures a, long now, List<String> lines) {
        if (a.unlogged > 0 && now - a.loggedAt >= LOG_INTERVAL_MS) {
            lines.add(a.unlogged + (a.unlogged == 1 ? " failed login from " : " failed logins from ") + address
                    + " (users " + String.join(", ", a.users) + ")");
            a.unlogged = 0;
            a.users.clear();
            a.loggedAt = now;
        }
    }

    /** A user name as a client sent it, safe to log: no control characters, not too long. */
    private static String printable(String user) {
        String cut = user.length() > 64 ? user.substring(0, 64) + "..." : user;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** Logs the failures counted since each address's last line, and forgets quiet addresses and users. */
    void sweep(long now) {
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            byAddress.forEach((address, a) -> logDue(address, a, now, lines));
            forgetQuiet(byAddress, now);
            forgetQuiet(byUser, now);
        }
        lines.forEach(line -> LOG.log(WARNING, line));
    }

    /**
     * Waits on the calling thread, holding no lock, until the server's clock reaches
     * {@code answerAt} or {@code abandoned} says the answer is no longer wanted.
     */
    void await(long answerAt, BooleanSupplier abandoned) {
        while (clock.millis() < answerAt && !abandoned.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            long left = TimeUnit.MILLISECONDS.toNanos(answerAt - clock.millis());
            LockSupport.parkNanos(Math.max(1, Math.min(left, WAIT_SLICE_NANOS)));
        }
    }
}
