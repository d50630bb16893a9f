package dev.herald.broker.server;

import dev.herald.broker.server.internal.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The users file keeps salted, slow hashes; the Passwd command writes them. */
class PasswordsTest extends ServerFixture {

    private static final String PASSWD = "dev.herald.broker.server.Passwd";

    @TempDir
    Path dir;

    private Path usersFile(String text) throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, text);
        return users;
    }

    private String startFailure(String usersText) throws IOException {
        Path users = usersFile(usersText);
        return assertThrows(IllegalArgumentException.class, () -> start(b -> b.users(users))).getMessage();
    }

    /** Runs the Passwd program with {@code stdin} as its standard input; returns its exit status and output. */
    private static String[] passwd(String stdin, String... args) throws Exception {
        Process p = Programs.start(PASSWD, List.of(), args);
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Passwd ends");
        return new String[] {Integer.toString(p.exitValue()), output};
    }

    private void logsIn(String user, String password) throws IOException {
        LineClient c = connect();
        c.send("CONN " + user + "-client " + user + " " + password).expect("CONN_ACK NEW 0");
    }

    private void isRefused(String user, String password) throws IOException {
        LineClient c = connect();
        c.send("CONN " + user + "-client " + user + " " + password);
        expectRefused(c);
    }

    @Test
    void refusesAPlainTextPasswordAtStartUpSayingHowToHashIt() throws IOException {
        String message = startFailure("alice = wonderland\n");
        assertTrue(message.contains("user alice") && message.contains("plain-text")
                && message.contains("dev.herald.broker.server.Passwd " + dir.resolve("users.properties") + " alice"), message);
    }

    @Test
    void refusesAnUnsaltedHashAtStartUp() throws IOException {
        String message = startFailure("bob = {sha256}5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\n");
        assertTrue(message.contains("user bob") && message.contains("unsalted"), message);
    }

    @Test
    void failsAtStartUpNamingTheUserOfAMalformedHash() throws IOException {
        String truncated = startFailure("carol = $pbkdf2-sha256$i=600000$c2FsdHNhbHQ\n");
        assertTrue(truncated.contains("user carol") && truncated.contains("malformed password hash"), truncated);
        String unknown = startFailure("dave = $md5$abc$def\n");
        assertTrue(unknown.contains("user dave") && unknown.contains("unknown algorithm 'md5'"), unknown);
        // java.util.Properties has no end-of-line comments: this one is part of the value
        String commented = startFailure("erin = " + hash("pw") + "   # erin's password\n");
        assertTrue(commented.contains("user erin") && commented.contains("malformed password hash"), commented);
    }

    @Test
    void checksPasswordsAgainstTheirHashes() throws IOException {
        Path users = usersFile("alice = " + hash("wonderland") + "\n");
        start(b -> b.users(users));
        isRefused("alice", "Wonderland");
        isRefused("nobody", "wonderland");
        logsIn("alice", "wonderland");
    }

    @Test
    void theReadmeUsersExampleWorksWhenCopied() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Matcher block = Pattern.compile("### Users.*?```properties\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "the README has a users example");
        Path users = usersFile(block.group(1));
        start(b -> b.users(users).topics(List.of("*")));
        logsIn("alice", "wonderland");
        LineClient bob = connect();
        bob.send("CONN bob-client bob password").expect("CONN_ACK NEW 0");
        bob.send("PUB WEATHER rain").expectError("NOT_AUTHORIZED");
        bob.send("PUB NEWS ok").expect("PUB_ACK NEWS 1");
        bob.send("SUB WEATHER").expect("SUB_ACK WEATHER 0");
        bob.send("SUB admin/keys").expectError("NOT_AUTHORIZED");
        LineClient guest = connect();
        guest.send("CONN guest").expect("CONN_ACK NEW 0");
        guest.send("SUB public/news").expect("SUB_ACK public/news 0");
        guest.send("SUB NEWS").expectError("NOT_AUTHORIZED");
    }

    @Test
    void passwdAddsAndChangesUsersKeepingTheOtherLines() throws Exception {
        Path users = dir.resolve("new/users.properties");
        Files.createDirectories(users.getParent());
        String[] added = passwd("wonderland\n", users.toString(), "alice");
        assertEquals("0", added[0], added[1]);
        assertTrue(added[1].contains("added alice"), added[1]);
        String line = Files.readString(users).strip();
        assertTrue(line.matches("alice = \\$pbkdf2-sha256\\$i=600000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"),
                "the file names the algorithm and its parameters: " + line);
        assertFalse(line.contains("wonderland"));

        Files.writeString(users, "# the operators\n" + line + "\nalice.publish = NEWS\n");
        String[] changed = passwd("looking-glass\r\n", users.toString(), "alice");
        assertEquals("0", changed[0], changed[1]);
        assertTrue(changed[1].contains("changed the password of alice"), changed[1]);
        List<String> lines = Files.readAllLines(users);
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("# the operators", lines.get(0));
        assertEquals("alice.publish = NEWS", lines.get(2));

        start(b -> b.users(users));
        isRefused("alice", "wonderland");
        logsIn("alice", "looking-glass");
    }

    @Test
    void passwdNeverTakesAPasswordFromTheCommandLine() throws Exception {
        Path users = dir.resolve("users.properties");
        String[] result = passwd("", users.toString(), "alice", "wonderland");
        assertEquals("2", result[0]);
        assertTrue(result[1].contains("not taken from the command line"), result[1]);
        assertFalse(Files.exists(users));
    }

    @Test
    void passwdRefusesAPasswordThatCannotTravelInAFrame() throws Exception {
        String[] result = passwd("two words\n", dir.resolve("users.properties").toString(), "alice");
        assertEquals("1", result[0]);
        assertTrue(result[1].contains("spaces"), result[1]);
    }

    @Test
    void hashesAreSaltedAndVerifiedByTheirOwnParameters() {
        PasswordHash a = PasswordHash.create("secret".toCharArray(), 1_000);
        PasswordHash b = PasswordHash.create("secret".toCharArray(), 2_000);
        assertFalse(a.encoded().equals(b.encoded()));
        PasswordHash read = PasswordHash.parse(b.encoded());
        assertEquals(2_000, read.iterations());
        assertTrue(read.verify("secret".toCharArray()));
        assertFalse(read.verify("Secret".toCharArray()));
    }
}
