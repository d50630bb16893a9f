package dev.herald.broker.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What one client can make the server hold is bounded: topics, and sessions per user or address. */
class ResourceBoundsTest extends ServerFixture {

    @TempDir
    Path dir;

    @Test
    void newTopicsBeyondTheBoundAreRefusedAndATopicNobodyUsesAnyMoreIsForgotten() throws IOException {
        start(b -> b.topics(List.of("*")).maxTopics(2));
        LineClient c = session("c");
        c.send("SUB passing").expect("SUB_ACK passing 0");
        c.send("UNSUB passing").expect("UNSUB_ACK passing"); // no subscriber, no history: forgotten
        c.send("PUB a 1").expect("PUB_ACK a 1");
        c.send("PUB b 2").expect("PUB_ACK b 2");
        c.send("PUB c 3").expectError("UNKNOWN_TOPIC");
        c.send("SUB d").expectError("UNKNOWN_TOPIC");
        c.send("PUB a 4").expect("PUB_ACK a 3"); // the topics it has go on
        c.send("SUB #").expect("SUB_ACK # 3");
    }

    @Test
    void oneAddressMayHoldOnlySoManySessionsWithoutUsers() throws IOException {
        start(b -> b.maxSessionsPerUser(2));
        session("s1").send("DISC").expect("DISC_ACK"); // offline sessions count too
        session("s2");
        connect().send("CONN s3").expectError("NOT_AUTHORIZED");
        connect().send("RECON s4").expectError("NOT_AUTHORIZED");
        session("s1"); // a new session in place of one of its own: still two
        connect().send("RECON s2").expect("CONN_ACK RESUMED 0");
    }

    @Test
    void oneUserMayHoldOnlySoManySessionsAndOthersAreNotHeldBack() throws IOException {
        Path users = dir.resolve("users.properties");
        Files.writeString(users, "alice = " + hash("wonderland") + "\nbob = " + hash("builder") + "\n");
        start(b -> b.users(users).maxSessionsPerUser(1));
        connect().send("CONN a1 alice wonderland").expect("CONN_ACK NEW 0");
        connect().send("CONN a2 alice wonderland").expectError("NOT_AUTHORIZED");
        connect().send("CONN b1 bob builder").expect("CONN_ACK NEW 0");
    }
}
