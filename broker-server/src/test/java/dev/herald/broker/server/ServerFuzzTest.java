package dev.herald.broker.server;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Message;
import dev.herald.testsupport.Await;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated frames, valid, mutated, oversized and cut at any byte, sent by several clients at
 * once to a live server (see {@link FuzzClient} for what is checked of each reply), while a
 * well-behaved client beside them keeps being served and gets every acknowledged message
 * with the payload that was published. The count is multiplied by the system property
 * {@code herald.fuzz.scale} (the {@code fuzz-long} profile); {@code herald.fuzz.seed} replays
 * another seed.
 */
class ServerFuzzTest extends ServerFixture {

    private static final long SEED = Long.getLong("herald.fuzz.seed", 0x46555A5AL);
    private static final int FRAMES = 24_000 * Integer.getInteger("herald.fuzz.scale", 1);
    private static final String[] CLIENTS = {"fz-alpha-", "fz-bravo-", "fz-charlie-"};
    private static final int MAX_FRAME = 2048;

    @Test
    void answersEveryGeneratedFrameAsTheProtocolSaysAndKeepsServingAWellBehavedClient() throws Exception {
        try (QuietLogs quiet = new QuietLogs()) {
            start(b -> b.maxFrame(MAX_FRAME).topics(List.of("NEWS", "WEATHER", "sensors/1/temp")));
            SideClient side = toClose(SideClient.start(server.port(), "side-client", "#"));
            Map<Long, String> published = new ConcurrentHashMap<>();
            List<Future<FuzzClient.Stats>> runs = new ArrayList<>();
            for (int i = 0; i < CLIENTS.length; i++) {
                FuzzFrames frames = new FuzzFrames(new Random(SEED + i), CLIENTS[i], MAX_FRAME);
                FuzzClient client = new FuzzClient(server.port(), frames, side, published,
                        "herald.fuzz.seed=" + SEED + ", client " + CLIENTS[i]);
                runs.add(Await.inBackground(() -> client.run(FRAMES / CLIENTS.length)));
            }
            int frames = 0;
            int connections = 0;
            Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
            List<Message> received = new ArrayList<>();
            for (Future<FuzzClient.Stats> run : runs) {
                FuzzClient.Stats stats = run.get(5, TimeUnit.MINUTES);
                frames += stats.frames();
                connections += stats.connections();
                stats.errors().forEach((code, n) -> errors.merge(code, n, Integer::sum));
                received.addAll(stats.messages());
            }

            side.ping();
            Await.until("the side client has every acknowledged message",
                    () -> side.payloads().keySet().containsAll(published.keySet()));
            assertEquals(List.of(), side.problems());
            published.forEach((id, payload) -> assertEquals(payload, side.payloads().get(id), "payload of message " + id));
            for (Message m : received) {
                assertEquals(published.get(m.id()), m.payload(), "payload of message " + m.id() + " to a fuzzing client");
            }
            Await.until("every fuzzing connection is closed", () -> server.connectionCount() == 1);
            LineClient after = session("after-the-fuzz");
            after.send("PUB NEWS still here").expectPrefix("PUB_ACK NEWS ");

            System.out.printf("server fuzz (herald.fuzz.seed=%d): %d frames over %d connections, %d publishes"
                    + " acknowledged, %d messages to fuzzing clients; errors %s%n",
                    SEED, frames, connections, published.size(), received.size(), errors);
            assertTrue(frames >= FRAMES, "frames " + frames);
            assertTrue(published.size() > FRAMES / 20, "publishes acknowledged: " + published.size());
        }
    }
}
