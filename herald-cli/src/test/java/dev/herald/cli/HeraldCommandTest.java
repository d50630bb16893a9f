package dev.herald.cli;

import dev.herald.cli.Cli.Result;
import org.junit.jupiter.api.Test;

import static dev.herald.cli.Cli.herald;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The herald command itself: its help, its version, and a missing or unknown command. */
class HeraldCommandTest {

    @Test
    void withoutACommandSaysWhichAreThereAndExitsWithTwo() {
        Result r = herald();
        assertEquals(2, r.status());
        assertEquals("herald: a command is needed: pub, sub or serve\nTry 'herald --help' for more information.\n", r.err());
    }

    @Test
    void anUnknownCommandIsBadArguments() {
        Result r = herald("publish", "-t", "NEWS");
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("herald: Unmatched arguments from index 0: 'publish'"), r.err());
    }

    @Test
    void helpListsTheCommandsAndTheExitStatuses() {
        Result r = herald("--help");
        assertEquals(0, r.status());
        for (String command : new String[] {"pub", "sub", "serve", "Exit status: 0 done, 1 failure, 2 bad arguments."}) {
            assertTrue(r.out().contains(command), r.out());
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"pub", "sub", "serve"}) {
            Result r = herald(command, "--help");
            assertEquals(0, r.status());
            assertTrue(r.out().startsWith("Usage: herald " + command), r.out());
            assertTrue(r.out().contains("--port"), r.out());
        }
    }

    @Test
    void versionNamesTheCommandAndTheJava() {
        Result r = herald("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("herald "), r.out());
        assertTrue(r.out().contains("Java " + Runtime.version()), r.out());
    }
}
