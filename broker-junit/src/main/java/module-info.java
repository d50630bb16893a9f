/**
 * Herald in a JUnit Jupiter test: {@link dev.herald.junit.HeraldTest @HeraldTest} on a test
 * class, or a {@link dev.herald.junit.HeraldExtension} registered with
 * {@code @RegisterExtension}, runs a broker on a free port of the loopback address for the
 * class or for each test method, injects the server, its port and URI, ready clients and a
 * clock that the test moves ({@code dev.herald.testsupport.MutableClock}), and stops
 * everything afterwards.
 */
module dev.herald.junit {
    requires transitive org.junit.jupiter.api;
    requires transitive dev.herald.broker.server;
    requires transitive dev.herald.broker.client;
    requires transitive dev.herald.testsupport;

    exports dev.herald.junit;
}
