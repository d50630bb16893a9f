package dev.herald.cli;

import dev.herald.broker.model.Message;
import dev.herald.broker.client.HeraldClient;
import dev.herald.cli.Cli.Result;
import dev.herald.junit.ClientId;
import dev.herald.junit.HeraldPort;
import dev.herald.junit.HeraldTest;
import dev.herald.junit.HeraldTest.Scope;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.herald.cli.Cli.herald;
import static dev.herald.cli.Cli.heraldWithInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code herald pub} against a broker, checked by a subscriber that reads the retained history. */
@HeraldTest(scope = Scope.PER_METHOD)
class PubCommandTest {

    private static List<String> history(HeraldClient reader, String topic) {
        List<String> received = new CopyOnWriteArrayList<>();
        reader.subscribe(topic, (Message m) -> received.add(m.payload()));
        return received;
    }

    @Test
    void publishesTheMessageAndPrintsNothing(@HeraldPort int port, @ClientId("reader") HeraldClient reader) {
        Result r = herald("pub", "--port", "" + port, "-t", "NEWS", "-m", "Local elections are next Sunday");
        assertEquals(new Result(0, "", ""), r);
        assertEquals(List.of("Local elections are next Sunday"), history(reader, "NEWS"));
    }

    @Test
    void publishesEachLineOfStandardInput(@HeraldPort int port, HeraldClient reader) {
        Result r = heraldWithInput("one\n two \n\nthree\n", "pub", "-p", "" + port, "-t", "WEATHER");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("one", " two ", "", "three"), history(reader, "WEATHER"));
    }

    @Test
    void countRepeatsTheMessageOrTakesTheFirstLines(@HeraldPort int port, HeraldClient reader) {
        assertEquals(0, herald("pub", "-p", "" + port, "-t", "NEWS", "-m", "again", "-n", "3").status());
        assertEquals(0, heraldWithInput("a\nb\nc\n", "pub", "-p", "" + port, "-t", "NEWS", "-n", "2").status());
        assertEquals(List.of("again", "again", "again", "a", "b"), history(reader, "NEWS"));
    }

    @Test
    void verbosePrintsTheIdOfEachMessageAtTheRateAskedFor(@HeraldPort int port) {
        Result r = herald("pub", "-p", "" + port, "-t", "NEWS", "-m", "tick", "-n", "3", "-r", "500", "-v");
        assertEquals(new Result(0, "NEWS 1\nNEWS 2\nNEWS 3\n", ""), r);
    }

    @Test
    void aTopicTheBrokerDoesNotHaveFailsWithItsError(@HeraldPort int port) {
        Result r = herald("pub", "-p", "" + port, "-t", "SPORTS", "-m", "Football update");
        assertEquals(new Result(1, "", "herald pub: UNKNOWN_TOPIC: no such topic: SPORTS\n"), r);
    }

    @Test
    void noBrokerOnThePortFails() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Result r = herald("pub", "--host", "127.0.0.1", "-p", "" + closedPort, "-t", "NEWS", "-m", "x");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("herald pub: could not connect to 127.0.0.1:" + closedPort), r.err());
    }

    @Test
    void badArgumentsSayWhatIsWrongAndExitWithTwo() {
        assertBad("Missing required option: '--topic=TOPIC'", "pub", "-m", "no topic");
        assertBad("--count must be zero or more: -1", "pub", "-t", "NEWS", "-m", "x", "-n", "-1");
        assertBad("--rate must be more than zero: 0.0", "pub", "-t", "NEWS", "-m", "x", "-r", "0");
        assertBad("Invalid value for option '--port': 'twelve' is not an int", "pub", "-t", "NEWS", "-p", "twelve");
        assertBad("--user needs --password-file", "pub", "-t", "NEWS", "-m", "x", "-u", "alice");
        assertBad("clientId must be 1 to 64 characters from A-Z a-z 0-9 _ . : - but was 'a b'",
                "pub", "-t", "NEWS", "-m", "x", "-i", "a b");
    }

    static void assertBad(String message, String... args) {
        Result r = herald(args);
        assertEquals(2, r.status(), r.err());
        assertEquals("herald " + args[0] + ": " + message + "\nTry 'herald " + args[0] + " --help' for more information.\n",
                r.err());
        assertEquals("", r.out());
    }
}
