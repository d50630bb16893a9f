package dev.herald.broker.server.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sets a user's password hash in a users file, keeping every other line (comments and
 * permissions included) as it is. The file is replaced in one step, so a server that reads
 * it meanwhile sees the old or the new file, never half of one; a new file is readable by its
 * owner only.
 */
public final class UsersFile {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private UsersFile() {
    }

    /**
     * Adds the user, or replaces its password, creating the file if needed.
     *
     * @return whether the user was in the file already
     */
    public static boolean setPassword(Path file, String user, PasswordHash hash) throws IOException {
        Users.checkUserName(user);
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
        List<String> out = new ArrayList<>(lines.size() + 1);
        String entry = user + " = " + hash.encoded();
        boolean found = false;
        boolean continued = false; // the line continues the one before it
        boolean dropping = false; // the lines belong to the entry replaced
        for (String line : lines) {
            boolean first = !continued;
            continued = endsWithContinuation(line);
            if (first) {
                dropping = user.equals(key(line));
                if (dropping && !found) {
                    out.add(entry);
                    found = true;
                    continue;
                }
            }
            if (!dropping) {
                out.add(line);
            }
        }
        if (!found) {
            out.add(entry);
        }
        write(file, out);
        return found;
    }

    /** The key of a properties line, or null for a comment or a blank line. */
    private static String key(String line) {
        String s = line.stripLeading();
        if (s.isEmpty() || s.charAt(0) == '#' || s.charAt(0) == '!') {
            return null;
        }
        int end = 0;
        while (end < s.length() && "=: \t\f".indexOf(s.charAt(end)) < 0) {
            end++;
        }
        return s.substring(0, end);
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(Files.exists(file) ? Files.getPosixFilePermissions(file) : OWNER_ONLY);
            }
            Files.write(temp, lines, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
