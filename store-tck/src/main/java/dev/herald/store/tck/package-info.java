/**
 * The contract test kit for Herald stores: {@link dev.herald.store.tck.StoreContract} holds
 * one JUnit Jupiter test per rule of {@link dev.herald.broker.api.spi.MessageStore} and
 * {@link dev.herald.broker.api.spi.SubscriptionStore}, so a new store proves itself by passing it.
 *
 * <h2>Using it</h2>
 * Depend on {@code dev.herald:store-tck} with {@code test} scope and subclass
 * {@code StoreContract} in the store's own {@code src/test/java}:
 * <pre>{@code
 * class JdbcStoreContractTest extends StoreContract {
 *
 *     @TempDir
 *     Path directory;                                   // a new one for every test
 *
 *     @Override
 *     protected Store openStore(StoreContext context) { // fresh and empty, once per test
 *         return new JdbcStoreProvider().open(context);
 *     }
 *
 *     @Override
 *     protected String setting(String name) {           // settings of every context the kit builds
 *         return name.equals("jdbc.url") ? "jdbc:h2:" + directory.resolve("herald") : null;
 *     }
 *
 *     @Override
 *     protected Store reopen(StoreContext context) {    // durable stores only: same data again
 *         return new JdbcStoreProvider().open(context);
 *     }
 * }
 * }</pre>
 * <ul>
 *   <li>{@code openStore(StoreContext)} (required) opens a fresh, empty store. The kit calls it
 *       once per test with a context whose bounds the test chooses, whose clock is the kit's
 *       {@link dev.herald.testsupport.MutableClock} (showing {@link dev.herald.store.tck.StoreContract#T0})
 *       and whose settings come from {@code setting(String)}. The kit closes the store after the test.</li>
 *   <li>{@code setting(String)} (optional) answers store-specific settings; {@code null} by default.</li>
 *   <li>{@code reopen(StoreContext)} (optional) opens again the data of the store that
 *       {@code openStore} opened in this test, after the kit closed it, with the same context.
 *       The durability tests run only when {@link dev.herald.broker.api.spi.Store#durable()} is
 *       true; by default {@code reopen} aborts them, so they show as skipped.</li>
 * </ul>
 * JUnit makes a new instance of the test class for every test (nested ones included), so
 * fields such as a {@code @TempDir} or a database name are per test. A subclass may add tests
 * of its own, using {@code open(...)}, {@code appendOne(...)}, {@code retainOne(...)},
 * {@code publication(...)}, {@code retained(...)} and {@code offlineSession(...)}.
 *
 * <p>On the class path and under Maven Surefire's module patching the kit is loaded as a plain
 * jar on the class path; its own module descriptor matters only to a test module that
 * {@code requires dev.herald.store.tck}.
 */
package dev.herald.store.tck;
