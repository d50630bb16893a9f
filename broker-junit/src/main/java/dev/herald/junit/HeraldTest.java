package dev.herald.junit;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a Herald broker for the tests of the annotated class, on a free port of 127.0.0.1:
 *
 * <pre>{@code
 * @HeraldTest
 * class NewsTest {
 *     @Test
 *     void publishes(HeraldClient client) {
 *         assertEquals(1, client.publish("NEWS", "hello"));
 *     }
 * }
 * }</pre>
 *
 * Test and lifecycle methods can take as parameters the {@link dev.herald.broker.server.HeraldServer},
 * its port ({@code @HeraldPort int}), its {@link java.net.URI} or {@link java.net.InetSocketAddress},
 * connected {@link dev.herald.broker.client.HeraldClient}s (named by {@link ClientId}), a
 * {@link dev.herald.broker.client.HeraldClient.Builder} aimed at the server, and the server's
 * {@link dev.herald.testsupport.MutableClock}. See {@link HeraldExtension} for the details, and for registering the
 * extension with {@code @RegisterExtension} and options set in code.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(HeraldExtension.class)
public @interface HeraldTest {

    /** One server for the whole class (the default), or a new one for each test method. */
    Scope scope() default Scope.PER_CLASS;

    /** The store: in memory (the default), or JDBC on a fresh in-memory H2 database. */
    Store store() default Store.MEMORY;

    /**
     * Server options as {@code name=value}, by the names of the {@code broker.*} properties
     * without the prefix: {@code "topics=*"}, {@code "offline.ttl=5s"}.
     */
    String[] options() default {};

    /** How long a server lives. */
    enum Scope {
        /** One server for the test class, started before its first test. */
        PER_CLASS,
        /** A new server for each test method. */
        PER_METHOD
    }

    /** Where the server keeps its messages. */
    enum Store {
        /** In memory. */
        MEMORY,
        /** The JDBC store on a fresh in-memory H2 database of its own. */
        JDBC
    }
}
