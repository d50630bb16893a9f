package dev.herald.junit;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.client.ServerErrorException;
import dev.herald.broker.server.HeraldServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The extension set up in code with {@code @RegisterExtension}. */
class RegisteredExtensionTest {

    @RegisterExtension
    static final HeraldExtension HERALD = HeraldExtension.builder()
            .option("offline.ttl", "5s")
            .configure(server -> server.topics(List.of("ALERTS")))
            .build();

    @Test
    void startsTheServerAsConfigured(HeraldServer server, HeraldClient client) {
        assertEquals(Duration.ofSeconds(5), server.offlineTtl());
        assertEquals(1, client.publish("ALERTS", "set up in code"));
        ServerErrorException e = assertThrows(ServerErrorException.class, () -> client.publish("NEWS", "not a topic here"));
        assertEquals(ErrorCode.UNKNOWN_TOPIC, e.code());
    }
}
