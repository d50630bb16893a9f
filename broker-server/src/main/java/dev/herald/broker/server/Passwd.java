package dev.herald.broker.server;

import dev.herald.broker.server.internal.PasswordHash;
import dev.herald.broker.server.internal.Users;
import dev.herald.broker.server.internal.UsersFile;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Adds a user to a users file, or changes a user's password, creating the file if needed:
 * <pre>
 * java -p &lt;modules&gt; -m dev.herald.broker.server/dev.herald.broker.server.Passwd &lt;users-file&gt; &lt;user&gt;
 * </pre>
 * On a terminal it asks for the password twice; otherwise it reads one line of standard
 * input (so {@code printf '%s\n' "$PW" | ...} works in scripts). It never takes a password
 * from the command line, where other users of the machine could see it. The password is
 * stored as a salted PBKDF2-HMAC-SHA256 hash; every other line of the file is kept.
 */
public final class Passwd {

    private static final String USAGE = "usage: " + Users.PASSWD_COMMAND + " <users-file> <user>";

    private Passwd() {
    }

    /**
     * A new salted hash of {@code password} as a users file holds it, for programs that
     * write users files themselves: {@code alice = <this>}.
     */
    public static String hash(char[] password) {
        return PasswordHash.create(password).encoded();
    }

    public static void main(String[] args) {
        Console console = System.console();
        System.exit(run(args, isTerminal(console) ? console : null, System.in, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param console the terminal to ask on, or null to read standard input
     * @return the exit status: 0 done, 1 failed, 2 bad arguments
     */
    static int run(String[] args, Console console, InputStream stdin, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println(args.length > 2
                    ? "passwd: the password is not taken from the command line; it is asked for, or read from standard input\n" + USAGE
                    : USAGE);
            return 2;
        }
        Path file = Path.of(args[0]);
        String user = args[1];
        char[] password = null;
        try {
            Users.checkUserName(user);
            password = console != null ? askTwice(console, user) : readLine(stdin);
            checkPassword(password);
            boolean existed = UsersFile.setPassword(file, user, PasswordHash.create(password));
            out.println((existed ? "changed the password of " : "added ") + user + " in " + file);
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("passwd: " + e.getMessage());
            return 1;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static char[] askTwice(Console console, String user) {
        char[] first = console.readPassword("Password for %s: ", user);
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null) {
            throw new IllegalArgumentException("no password given");
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            throw new IllegalArgumentException("the two passwords differ; nothing changed");
        }
        return first;
    }

    private static char[] readLine(InputStream stdin) throws IOException {
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on standard input");
        }
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.toCharArray();
    }

    /** A password travels as one token of a frame: no spaces, no control characters. */
    private static void checkPassword(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty; nothing changed");
        }
        for (char c : password) {
            if (c <= ' ' || c == 0x7f) {
                throw new IllegalArgumentException("a password may not contain spaces or control characters "
                        + "(CONN sends it as one token); nothing changed");
            }
        }
    }

    /** Whether the console is a terminal: JDK 22 and later may return a console for redirected streams. */
    private static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }
}
