package dev.herald.junit;

import dev.herald.broker.client.HeraldClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's example, as written there. */
@HeraldTest
class NewsTest {
    @Test
    void aSubscriberGetsTheNews(HeraldClient publisher, @ClientId("reader") HeraldClient reader) {
        publisher.publish("NEWS", "hello");
        List<String> received = new CopyOnWriteArrayList<>();
        reader.subscribe("NEWS", m -> received.add(m.payload()));  // returns once the history arrived
        assertEquals(List.of("hello"), received);
    }
}
