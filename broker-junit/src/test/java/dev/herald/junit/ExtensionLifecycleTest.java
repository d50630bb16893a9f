package dev.herald.junit;

import dev.herald.broker.client.HeraldClient;
import dev.herald.broker.server.HeraldServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The extension's life cycle, seen by running test classes that use it on the Jupiter engine.
 * The classes run here are nested so that the build does not run them by themselves.
 */
class ExtensionLifecycleTest {

    private static final Map<String, Integer> PORTS = new ConcurrentHashMap<>();
    private static final Map<String, HeraldServer> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, HeraldClient> CLIENTS = new ConcurrentHashMap<>();
    private static final String CASES = "dev.herald.junit.lifecycle-cases";
    private static volatile CyclicBarrier bothRunning;

    /** Runs the nested cases only when a test here runs them, with its configuration parameter. */
    static final class OnlyFromTheTestKit implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(CASES).isPresent()
                    ? ConditionEvaluationResult.enabled("run by " + ExtensionLifecycleTest.class.getSimpleName())
                    : ConditionEvaluationResult.disabled("run by " + ExtensionLifecycleTest.class.getSimpleName() + " only");
        }
    }

    @HeraldTest
    @ExtendWith(OnlyFromTheTestKit.class)
    static class FailingCase {
        @Test
        void fails(@HeraldPort int port, HeraldClient client, HeraldServer server) {
            PORTS.put("failing", port);
            SERVERS.put("failing", server);
            CLIENTS.put("failing", client);
            fail("this test fails on purpose");
        }
    }

    @HeraldTest
    @ExtendWith(OnlyFromTheTestKit.class)
    static class FirstParallelCase {
        @Test
        void runsBesideTheOther(@HeraldPort int port, HeraldClient client) throws Exception {
            String name = getClass().getSimpleName();
            PORTS.put(name, port);
            assertEquals(1, client.publish("NEWS", name + " has a broker of its own"));
            bothRunning.await(30, TimeUnit.SECONDS);
        }
    }

    static class SecondParallelCase extends FirstParallelCase {
    }

    @Test
    void stopsTheServerAndClosesItsClientsAfterAFailingTest() {
        Events tests = EngineTestKit.engine("junit-jupiter").configurationParameter(CASES, "true")
                .selectors(selectClass(FailingCase.class)).execute().testEvents();

        tests.assertStatistics(stats -> stats.started(1).failed(1));
        assertEquals(HeraldClient.State.CLOSED, CLIENTS.get("failing").state());
        assertFalse(SERVERS.get("failing").running(), "the server is stopped");
    }

    @Test
    void runsTwoClassesInParallelEachWithAServerOfItsOwn() {
        bothRunning = new CyclicBarrier(2);
        Events tests = EngineTestKit.engine("junit-jupiter").configurationParameter(CASES, "true")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "2")
                .selectors(selectClass(FirstParallelCase.class), selectClass(SecondParallelCase.class))
                .execute().testEvents();

        tests.assertStatistics(stats -> stats.started(2).succeeded(2));
        assertEquals(2, Set.of(PORTS.get("FirstParallelCase"), PORTS.get("SecondParallelCase")).size(), "two ports");
    }
}
