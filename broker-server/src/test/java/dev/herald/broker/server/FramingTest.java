package dev.herald.broker.server;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Framing, escaping, names and the error codes of bad input, over real sockets. */
class FramingTest extends ServerFixture {

    @BeforeEach
    void startServer() throws IOException {
        start(b -> b.maxFrame(1024));
    }

    @Test
    void answersTheExampleSessionOfTheProtocolPage() throws IOException {
        LineClient publisher = connect();
        publisher.send("CONN publisher-1").expect("CONN_ACK NEW 0");
        publisher.send("PUB WEATHER It is sunny today").expect("PUB_ACK WEATHER 1");
        publisher.send("PUB SPORTS Football update").expect("ERR UNKNOWN_TOPIC no such topic: SPORTS");

        LineClient subscriber = connect();
        subscriber.send("CONN subscriber-2").expect("CONN_ACK NEW 0");
        subscriber.send("SUB WEATHER").expect("SUB_ACK WEATHER 1");
        assertEquals("MSG WEATHER 1 " + clock.millis() + " It is sunny today", subscriber.next());
        subscriber.send("DISC").expect("DISC_ACK");
        subscriber.expectClosed();

        publisher.send("PUB WEATHER Rain\\nat noon").expect("PUB_ACK WEATHER 2");
        publisher.send("PUB WEATHER Clear").expect("PUB_ACK WEATHER 3");

        LineClient back = connect();
        back.send("RECON subscriber-2").expect("CONN_ACK RESUMED 2");
        back.expect("MSG WEATHER 2 " + clock.millis() + " Rain\\nat noon");
        back.expect("MSG WEATHER 3 " + clock.millis() + " Clear");
    }

    @Test
    void acceptsVerbsInAnyCaseAndIgnoresCrBeforeLf() throws IOException {
        LineClient c = connect();
        c.sendRaw("conn windows-client\r\n".getBytes(StandardCharsets.UTF_8)).expect("CONN_ACK NEW 0");
        c.sendRaw("Sub NEWS\r\n".getBytes(StandardCharsets.UTF_8)).expect("SUB_ACK NEWS 0");
        c.sendRaw("pub NEWS hello\r\n".getBytes(StandardCharsets.UTF_8));
        String msg = c.next();
        String ack = c.next();
        assertTrue(msg.startsWith("MSG NEWS 1 ") && msg.endsWith(" hello"), msg);
        assertEquals("PUB_ACK NEWS 1", ack);
    }

    @Test
    void keepsTopicsClientIdsAndPayloadsCaseSensitive() throws IOException {
        LineClient c = session("Client-A");
        c.send("SUB news").expect("ERR UNKNOWN_TOPIC no such topic: news");
        c.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        c.send("PUB NEWS MiXeD");
        assertTrue(c.next().endsWith(" MiXeD"));
        c.expect("PUB_ACK NEWS 1");
        LineClient other = connect();
        other.send("RECON client-a").expect("CONN_ACK NEW 0");
    }

    @Test
    void answersUnknownActionsWithOrWithoutASession() throws IOException {
        LineClient c = connect();
        c.send("HELLO there").expect("ERR UNKNOWN_ACTION unknown action: HELLO");
        c.send("MSG NEWS 1 2 x").expectError("UNKNOWN_ACTION");
        c.send("CONN a").expect("CONN_ACK NEW 0");
        c.send("SUBSCRIBE NEWS").expectError("UNKNOWN_ACTION");
        c.send("PING").expect("PONG");
    }

    @Test
    void refusesRequestsBeforeASessionExceptPing() throws IOException {
        LineClient c = connect();
        c.send("PING").expect("PONG");
        for (String frame : new String[] {"SUB NEWS", "UNSUB NEWS", "PUB NEWS x", "DISC", "SUB"}) {
            c.send(frame).expectError("NOT_CONNECTED");
        }
        c.send("CONN a").expect("CONN_ACK NEW 0");
    }

    @Test
    void refusesASecondSessionOnOneConnection() throws IOException {
        LineClient c = session("first");
        c.send("CONN second").expectError("ALREADY_CONNECTED");
        c.send("RECON first").expectError("ALREADY_CONNECTED");
        c.send("PING").expect("PONG");
    }

    @Test
    void checksClientIds() throws IOException {
        LineClient c = connect();
        c.send("CONN").expectError("MALFORMED");
        c.send("RECON").expectError("MALFORMED");
        c.send("CONN bad/id").expectError("INVALID_CLIENT_ID");
        c.send("CONN " + "x".repeat(65)).expectError("INVALID_CLIENT_ID");
        c.send("CONN " + "x".repeat(64)).expect("CONN_ACK NEW 0");
    }

    @Test
    void reportsMissingAndExtraTokensAsMalformed() throws IOException {
        LineClient c = session("tokens");
        c.send("SUB").expectError("MALFORMED");
        c.send("SUB NEWS WEATHER").expectError("MALFORMED");
        c.send("PUB").expectError("MALFORMED");
        c.send("PING now").expectError("MALFORMED");
        c.send("").expectError("MALFORMED");
        c.send("PING").expect("PONG");
    }

    @Test
    void carriesPayloadsExactlyWithEscapesSpacesAndUnicode() throws IOException {
        LineClient sub = session("reader");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient pub = session("writer");
        pub.send("PUB NEWS").expect("PUB_ACK NEWS 1");
        pub.send("PUB NEWS   two  spaces  ").expect("PUB_ACK NEWS 2");
        pub.send("PUB NEWS back\\\\slash\\r\\nnext line").expect("PUB_ACK NEWS 3");
        pub.send("PUB NEWS héllo wörld ☀").expect("PUB_ACK NEWS 4");
        String at = String.valueOf(clock.millis());
        sub.expect("MSG NEWS 1 " + at + " ");
        sub.expect("MSG NEWS 2 " + at + "   two  spaces  ");
        sub.expect("MSG NEWS 3 " + at + " back\\\\slash\\r\\nnext line");
        sub.expect("MSG NEWS 4 " + at + " héllo wörld ☀");
    }

    @Test
    void sendsARawCrOfAPayloadEscapedLiveAsInReplay() throws IOException {
        LineClient sub = session("cr-reader");
        sub.send("SUB NEWS").expect("SUB_ACK NEWS 0");
        LineClient pub = session("cr-writer");
        // the last CR before the LF ends the line; the one before it is the payload's
        pub.sendRaw("PUB NEWS ends in CR\r\r\nPUB NEWS a\rb\n".getBytes(StandardCharsets.UTF_8));
        pub.expect("PUB_ACK NEWS 1");
        pub.expect("PUB_ACK NEWS 2");
        String at = String.valueOf(clock.millis());
        sub.expect("MSG NEWS 1 " + at + " ends in CR\\r");
        sub.expect("MSG NEWS 2 " + at + " a\\rb");
        LineClient late = session("cr-late");
        late.send("SUB NEWS").expect("SUB_ACK NEWS 2");
        late.expect("MSG NEWS 1 " + at + " ends in CR\\r");
        late.expect("MSG NEWS 2 " + at + " a\\rb");
    }

    @Test
    void rejectsBadEscapesAndKeepsTheConnection() throws IOException {
        LineClient c = session("escapes");
        c.send("PUB NEWS bad \\t escape").expectError("MALFORMED");
        c.send("PUB NEWS trailing\\").expectError("MALFORMED");
        c.send("PUB NEWS fine").expect("PUB_ACK NEWS 1");
    }

    @Test
    void rejectsInvalidUtf8AndKeepsTheConnection() throws IOException {
        LineClient c = session("bytes");
        c.sendRaw(new byte[] {'P', 'U', 'B', ' ', 'N', 'E', 'W', 'S', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        c.expect("ERR MALFORMED frame is not valid UTF-8");
        c.send("PUB NEWS ok").expect("PUB_ACK NEWS 1");
    }

    @Test
    void acceptsAFrameOfExactlyTheLimitAndClosesOnALongerOne() throws IOException {
        LineClient c = session("big");
        String prefix = "PUB NEWS ";
        c.send(prefix + "x".repeat(1024 - prefix.length() - 1)).expect("PUB_ACK NEWS 1");
        c.send(prefix + "x".repeat(1024 - prefix.length()));
        c.expect("ERR FRAME_TOO_LARGE frame longer than 1024 bytes");
        c.expectClosed();
    }

    @Test
    void closesAConnectionThatSendsAnEndlessLineWithoutReadingItAll() throws IOException {
        LineClient c = session("endless");
        byte[] chunk = "y".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        try {
            for (int i = 0; i < 1024; i++) { // 4 MiB, far past the limit; the server stops reading early
                c.sendRaw(chunk);
            }
        } catch (IOException expected) {
            // the server closed the connection while we were still writing
        }
        assertTrue(c.readUntilClosed().stream().allMatch(l -> l.startsWith("ERR FRAME_TOO_LARGE")));
        LineClient again = session("after");
        again.send("PING").expect("PONG");
    }

    @Test
    void survivesGarbageBytes() throws IOException {
        Random random = new Random(42);
        byte[] garbage = new byte[200];
        for (int round = 0; round < 20; round++) {
            LineClient c = connect();
            random.nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                if (garbage[i] == '\n') {
                    garbage[i] = 0;
                }
            }
            c.sendRaw(garbage).sendRaw(new byte[] {'\n'});
            String reply = c.next();
            assertTrue(reply.startsWith("ERR MALFORMED") || reply.startsWith("ERR UNKNOWN_ACTION"), reply);
            c.send("PING").expect("PONG");
            c.close();
        }
        LineClient fine = session("still-fine");
        fine.send("PUB NEWS after garbage").expect("PUB_ACK NEWS 1");
    }

    @Test
    void answersPipelinedRequestsInOrder() throws IOException {
        LineClient c = session("pipeliner");
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            burst.append("PUB WEATHER m").append(i).append('\n');
            if (i == 500) {
                burst.append("PUB SPORTS nope\n").append("PING\n");
            }
        }
        burst.append("SUB NEWS\n").append("PING\n");
        c.sendRaw(burst.toString().getBytes(StandardCharsets.UTF_8));
        long id = 0;
        for (int i = 0; i < 1000; i++) {
            c.expect("PUB_ACK WEATHER " + (++id));
            if (i == 500) {
                c.expectError("UNKNOWN_TOPIC");
                c.expect("PONG");
            }
        }
        c.expect("SUB_ACK NEWS 0");
        c.expect("PONG");
    }
}
