package dev.herald.store.tck;

import dev.herald.broker.model.Message;
import dev.herald.broker.model.TopicFilter;
import dev.herald.broker.api.spi.MessageStore;
import dev.herald.broker.api.spi.Publication;
import dev.herald.broker.api.spi.SessionRecord;
import dev.herald.broker.api.spi.Store;
import dev.herald.broker.api.spi.StoreContext;
import dev.herald.broker.api.spi.SubscriptionStore;
import dev.herald.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every Herald store passes: the rules of {@link MessageStore} and
 * {@link SubscriptionStore}, one test per rule, grouped in nested classes.
 *
 * <p>A store's own tests subclass it and say how to open the store:
 * <pre>{@code
 * class MemoryStoreContractTest extends StoreContract {
 *     @Override
 *     protected Store openStore(StoreContext context) {
 *         return new MemoryStoreProvider().open(context);
 *     }
 * }
 * }</pre>
 * A durable store also overrides {@link #reopen(StoreContext)} (and, if it needs settings,
 * {@link #setting(String)}); see the package documentation.
 *
 * <p>JUnit makes a new instance of the subclass for every test, so fields of the subclass
 * (a database name, a temporary directory) belong to one test. Every test opens exactly one
 * store through {@link #openStore(StoreContext)}, which must be fresh and empty; the kit
 * closes it after the test.
 */
public abstract class StoreContract {

    /** Retained history per topic unless a test needs a small bound (the server's default). */
    public static final int DEFAULT_RETAINED_MAX = 1_000;
    /** Offline queue per session unless a test needs a small bound (the server's default). */
    public static final int DEFAULT_OFFLINE_MAX = 10_000;
    /** The time the kit's clock shows at the start of a test, and the base of publish times, epoch ms. */
    public static final long T0 = 1_764_095_000_000L;

    private final MutableClock clock = new MutableClock(T0);
    private final Deque<Store> opened = new ArrayDeque<>();
    private StoreContext lastContext;

    /**
     * Opens a fresh, empty store with the options of {@code context} (its settings come from
     * {@link #setting(String)}). Called once per test.
     */
    protected abstract Store openStore(StoreContext context);

    /**
     * Opens again, with the same context, the data of the store that {@link #openStore} opened
     * in this test, after the kit closed it. Only durable stores need it; by default the tests
     * that use it are skipped.
     */
    protected Store reopen(StoreContext context) {
        return Assumptions.abort(getClass().getSimpleName() + " does not override reopen(StoreContext)");
    }

    /**
     * A store-specific setting for the contexts the kit builds (such as {@code jdbc.url}),
     * or {@code null} when it is not set; none by default.
     */
    protected String setting(String name) {
        return null;
    }

    /** The clock of the contexts the kit builds; it shows {@link #T0} until a test moves it. */
    protected final MutableClock clock() {
        return clock;
    }

    /** A context with the kit's clock and settings and these bounds. */
    protected final StoreContext context(int retainedMax, int offlineMax) {
        return new StoreContext(clock, retainedMax, offlineMax, this::setting);
    }

    /** Opens the test's store with these bounds; the kit closes it after the test. */
    protected final Store open(int retainedMax, int offlineMax) {
        StoreContext context = context(retainedMax, offlineMax);
        Store store = openStore(context);
        lastContext = context;
        opened.push(store);
        return store;
    }

    /** Opens the test's store with the default bounds. */
    protected final Store open() {
        return open(DEFAULT_RETAINED_MAX, DEFAULT_OFFLINE_MAX);
    }

    /** Closes {@code store} and opens its data again through {@link #reopen(StoreContext)}. */
    protected final Store closeAndReopen(Store store) {
        store.close();
        opened.remove(store);
        Store again = reopen(lastContext);
        opened.push(again);
        return again;
    }

    @AfterEach
    final void closeOpenedStores() {
        while (!opened.isEmpty()) {
            opened.pop().close();
        }
    }

    /** A publication published at {@code publishedAt}, queued for the given offline sessions. */
    protected static Publication publication(String topic, String payload, long publishedAt, String... offlineSubscribers) {
        return new Publication(topic, payload, publishedAt, List.of(offlineSubscribers));
    }

    /**
     * A publication at {@code qos}, with MQTT's retain flag as given, queued for the given
     * offline sessions.
     */
    protected static Publication publication(String topic, String payload, long publishedAt, int qos, boolean retain,
                                             String... offlineSubscribers) {
        return new Publication(topic, payload, publishedAt, List.of(offlineSubscribers), qos, retain);
    }

    /**
     * A publication at {@code qos}, with MQTT's retain flag as given, carrying a properties block
     * (empty for none) and an expiry time ({@link Message#NEVER_EXPIRES} for none), queued for the
     * given offline sessions.
     */
    protected static Publication publication(String topic, String payload, long publishedAt, int qos, boolean retain,
                                             byte[] properties, long expiresAt, String... offlineSubscribers) {
        return new Publication(topic, payload.getBytes(StandardCharsets.UTF_8), publishedAt, List.of(offlineSubscribers),
                qos, retain, properties, expiresAt);
    }

    /** Appends one publication with the retain flag at {@code qos} and returns the stored message. */
    protected static Message retainOne(Store store, String topic, String payload, long publishedAt, int qos) {
        List<Message> stored = store.messages().append(List.of(publication(topic, payload, publishedAt, qos, true)));
        assertEquals(1, stored.size(), "append of one publication returns one message");
        return stored.get(0);
    }

    /** The store's retained messages of the topics {@code filter} matches. */
    protected static List<Message> retained(Store store, String filter) {
        return store.messages().retained(TopicFilter.parse(filter));
    }

    /** Appends one publication and returns the stored message. */
    protected static Message appendOne(Store store, String topic, String payload, long publishedAt, String... offlineSubscribers) {
        List<Message> stored = store.messages().append(List.of(publication(topic, payload, publishedAt, offlineSubscribers)));
        assertEquals(1, stored.size(), "append of one publication returns one message");
        return stored.get(0);
    }

    /** Creates an offline session subscribed to {@code topics}. */
    protected static void offlineSession(Store store, String clientId, long offlineSince, String... topics) {
        SubscriptionStore sessions = store.subscriptions();
        sessions.create(clientId);
        for (String topic : topics) {
            sessions.subscribe(clientId, topic);
        }
        sessions.markOffline(clientId, offlineSince);
    }

    private static List<Long> ids(List<Message> messages) {
        return messages.stream().map(Message::id).toList();
    }

    private static void assertStrictlyIncreasing(List<Long> ids, String what) {
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), what + " must increase, but got " + ids);
        }
    }

    private static List<String> payloads(List<Message> messages) {
        return messages.stream().map(Message::payload).toList();
    }

    /** A copy of the bytes of a message's properties block. */
    private static byte[] propertiesOf(Message message) {
        ByteBuffer properties = message.properties();
        byte[] bytes = new byte[properties.remaining()];
        properties.get(bytes);
        return bytes;
    }

    private static List<Integer> qos(List<Message> messages) {
        return messages.stream().map(Message::qos).toList();
    }

    @Nested
    class Lifecycle {

        @Test
        void opensEmpty() {
            Store store = open();
            assertEquals(List.of(), store.subscriptions().all());
            assertEquals(List.of(), store.messages().history("NEWS"));
            assertEquals(List.of(), store.messages().topics());
            assertEquals(List.of(), retained(store, "#"));
            assertEquals(List.of(), retained(store, "NEWS"));
            assertEquals(0, store.messages().droppedOfflineMessages());
        }

        @Test
        void closeIsIdempotent() {
            Store store = open();
            store.close();
            store.close();
        }
    }

    @Nested
    class Append {

        @Test
        void returnsStoredMessagesInBatchOrderWithTopicPayloadAndPublishTime() {
            Store store = open();
            List<Message> stored = store.messages().append(List.of(
                    publication("NEWS", "first", T0),
                    publication("WEATHER", "second", T0 + 1),
                    publication("NEWS", "third", T0 + 2)));

            assertEquals(List.of("NEWS", "WEATHER", "NEWS"), stored.stream().map(Message::topic).toList());
            assertEquals(List.of("first", "second", "third"), payloads(stored));
            assertEquals(List.of(T0, T0 + 1, T0 + 2), stored.stream().map(Message::publishedAt).toList());
        }

        @Test
        void assignsIncreasingPositiveIdsAcrossCallsAndTopics() {
            Store store = open();
            List<Message> all = new ArrayList<>();
            all.addAll(store.messages().append(List.of(publication("NEWS", "a", T0), publication("WEATHER", "b", T0))));
            all.add(appendOne(store, "WEATHER", "c", T0 + 1));
            all.addAll(store.messages().append(List.of(publication("SPORTS", "d", T0 + 2), publication("NEWS", "e", T0 + 2))));
            all.add(appendOne(store, "NEWS", "f", T0 + 3));

            assertTrue(all.get(0).id() > 0, "ids are positive");
            assertStrictlyIncreasing(ids(all), "ids in append order");
        }

        @Test
        void givesAnAppendStartedAfterAnotherReturnedLargerIdsEvenOnOtherTopicsAtOnce() throws Exception {
            Store store = open();
            offlineSession(store, "both", T0, "T0", "T1", "T2", "T3");
            java.util.concurrent.atomic.AtomicLong highestReturned = new java.util.concurrent.atomic.AtomicLong();
            List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
            int perTopic = 200;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String topic = "T" + t;
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perTopic; i++) {
                        long before = highestReturned.get();
                        Message m = store.messages().append(List.of(publication(topic, Integer.toString(i), T0, "both"))).getFirst();
                        if (m.id() <= before) {
                            wrong.add(topic + " got id " + m.id() + " after id " + before + " was returned");
                        }
                        highestReturned.accumulateAndGet(m.id(), Math::max);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertEquals(List.of(), wrong);
            List<Message> queued = store.messages().drainQueue("both", T0);
            assertEquals(4 * perTopic, queued.size());
            assertStrictlyIncreasing(ids(queued), "a queue fed by several topics at once, in id order");
        }

        @Test
        void listsTheTopicsWithAHistory() {
            Store store = open();
            assertEquals(List.of(), store.messages().topics());
            store.messages().append(List.of(publication("NEWS", "a", T0), publication("sensors/room-1", "b", T0)));
            appendOne(store, "NEWS", "c", T0 + 1);
            assertEquals(java.util.Set.of("NEWS", "sensors/room-1"), java.util.Set.copyOf(store.messages().topics()));
        }

        @Test
        void keepsBinaryPayloadsByteForByteInHistoryAndQueues() {
            Store store = open();
            offlineSession(store, "away", T0, "NEWS");
            byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, 0x28, 'a', (byte) 0x80};
            store.messages().append(List.of(new Publication("NEWS", binary.clone(), T0, List.of("away"))));
            Message kept = store.messages().history("NEWS").getFirst();
            assertArrayEquals(binary, kept.payloadBytes());
            assertArrayEquals(binary, store.messages().drainQueue("away", T0).getFirst().payloadBytes());
        }

        @Test
        void keepsTheOwnerOfASessionUntilANewOneReplacesIt() {
            Store store = open();
            store.subscriptions().create("bob-phone", "bob");
            store.subscriptions().create("anyone");
            assertEquals("bob", store.subscriptions().find("bob-phone").orElseThrow().owner());
            assertEquals(null, store.subscriptions().find("anyone").orElseThrow().owner());
            store.subscriptions().markOffline("bob-phone", T0);
            assertEquals("bob", store.subscriptions().all().stream()
                    .filter(r -> r.clientId().equals("bob-phone")).findFirst().orElseThrow().owner());
            store.subscriptions().create("bob-phone", "alice");
            assertEquals("alice", store.subscriptions().find("bob-phone").orElseThrow().owner());
        }

        @Test
        void ofAnEmptyBatchStoresNothing() {
            Store store = open();
            assertEquals(List.of(), store.messages().append(List.of()));
            assertEquals(List.of(), store.messages().history("NEWS"));
        }

        @Test
        void keepsPayloadsWithSpacesBackslashesNewlinesAndNonAsciiUnchanged() {
            Store store = open();
            offlineSession(store, "sleeper", T0, "NEWS");
            List<String> payloads = List.of(
                    "  leading and trailing spaces  ",
                    "back\\slash and \\n that is not a newline \\",
                    "line one\nline two\r\nline three\r",
                    "tab\there, quote ' and \" and ; -- ",
                    "Grüße aus Zürich, 東京の天気, emoji \uD83C\uDF27\uFE0F",
                    "",
                    "x".repeat(10_000));
            List<Publication> batch = payloads.stream().map(p -> publication("NEWS", p, T0, "sleeper")).toList();

            assertEquals(payloads, payloads(store.messages().append(batch)));
            assertEquals(payloads, payloads(store.messages().history("NEWS")));
            assertEquals(payloads, payloads(store.messages().drainQueue("sleeper", T0)));
        }
    }

    @Nested
    class History {

        @Test
        void ofATopicNeverPublishedToIsEmpty() {
            Store store = open();
            appendOne(store, "NEWS", "a", T0);
            assertEquals(List.of(), store.messages().history("WEATHER"));
        }

        @Test
        void isOldestFirstAndHoldsOnlyItsOwnTopic() {
            Store store = open();
            Message n1 = appendOne(store, "NEWS", "n1", T0);
            Message w1 = appendOne(store, "WEATHER", "w1", T0);
            List<Message> batch = store.messages().append(List.of(
                    publication("NEWS", "n2", T0 + 1), publication("WEATHER", "w2", T0 + 1), publication("NEWS", "n3", T0 + 2)));

            assertEquals(List.of(n1, batch.get(0), batch.get(2)), store.messages().history("NEWS"));
            assertEquals(List.of(w1, batch.get(1)), store.messages().history("WEATHER"));
        }

        @Test
        void isTrimmedToRetainedMaxPerTopicDroppingTheOldest() {
            Store store = open(3, DEFAULT_OFFLINE_MAX);
            List<Message> news = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                news.add(appendOne(store, "NEWS", "n" + i, T0 + i));
            }
            Message weather = appendOne(store, "WEATHER", "w1", T0);
            news.addAll(store.messages().append(List.of(publication("NEWS", "n6", T0 + 6), publication("NEWS", "n7", T0 + 7))));

            assertEquals(news.subList(4, 7), store.messages().history("NEWS"));
            assertEquals(List.of(weather), store.messages().history("WEATHER"));
        }

        @Test
        void keepsTheNewestOfABatchLargerThanRetainedMax() {
            Store store = open(3, DEFAULT_OFFLINE_MAX);
            appendOne(store, "NEWS", "earlier", T0);
            List<Message> batch = store.messages().append(IntStream.rangeClosed(1, 5)
                    .mapToObj(i -> publication("NEWS", "b" + i, T0 + i)).toList());

            assertEquals(batch.subList(2, 5), store.messages().history("NEWS"));
        }

        @Test
        void keepsNothingWhenRetainedMaxIsZeroButIdsAreStillAssigned() {
            Store store = open(0, DEFAULT_OFFLINE_MAX);
            Message first = appendOne(store, "NEWS", "a", T0);
            Message second = appendOne(store, "NEWS", "b", T0);

            assertTrue(second.id() > first.id());
            assertEquals(List.of(), store.messages().history("NEWS"));
        }

        @Test
        void returnedEarlierDoesNotChangeWithLaterAppends() {
            Store store = open(2, DEFAULT_OFFLINE_MAX);
            Message first = appendOne(store, "NEWS", "a", T0);
            List<Message> before = store.messages().history("NEWS");
            appendOne(store, "NEWS", "b", T0);
            appendOne(store, "NEWS", "c", T0);

            assertEquals(List.of(first), before);
        }
    }

    @Nested
    class OfflineQueue {

        @Test
        void receivesEachMessageForEveryListedOfflineSubscriberOnly() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS", "WEATHER");
            offlineSession(store, "b", T0, "NEWS");
            offlineSession(store, "c", T0, "NEWS");
            Message toBoth = appendOne(store, "NEWS", "to a and b", T0 + 1, "a", "b");
            Message toA = appendOne(store, "WEATHER", "to a", T0 + 2, "a");
            appendOne(store, "NEWS", "to nobody", T0 + 3);

            assertEquals(List.of(toBoth, toA), store.messages().drainQueue("a", T0));
            assertEquals(List.of(toBoth), store.messages().drainQueue("b", T0));
            assertEquals(List.of(), store.messages().drainQueue("c", T0));
        }

        @Test
        void drainReturnsQueuedMessagesOldestFirstAndEmptiesTheQueue() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS", "WEATHER");
            List<Message> stored = store.messages().append(List.of(
                    publication("NEWS", "1", T0, "a"), publication("WEATHER", "2", T0, "a")));
            stored = new ArrayList<>(stored);
            stored.add(appendOne(store, "NEWS", "3", T0 + 1, "a"));

            assertEquals(stored, store.messages().drainQueue("a", T0));
            assertEquals(List.of(), store.messages().drainQueue("a", T0), "a second drain is empty");
        }

        @Test
        void drainReturnsOnlyMessagesPublishedAtOrAfterTheCutoffAndDiscardsTheRest() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            appendOne(store, "NEWS", "too old", T0 + 999, "a");
            Message atCutoff = appendOne(store, "NEWS", "at the cutoff", T0 + 1_000, "a");
            Message younger = appendOne(store, "NEWS", "younger", T0 + 1_001, "a");

            assertEquals(List.of(atCutoff, younger), store.messages().drainQueue("a", T0 + 1_000));
            assertEquals(List.of(), store.messages().drainQueue("a", 0), "the expired message was discarded");
        }

        @Test
        void drainOrdersByIdEvenWhenPublishTimesDisagree() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS", "WEATHER");
            Message first = appendOne(store, "NEWS", "stamped later", T0 + 5, "a");
            Message second = appendOne(store, "WEATHER", "stamped earlier", T0 + 1, "a");

            assertEquals(List.of(first, second), store.messages().drainQueue("a", T0));
        }

        @Test
        void drainOfASessionWithNothingQueuedOrOfAnUnknownIdIsEmpty() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            assertEquals(List.of(), store.messages().drainQueue("a", 0));
            assertEquals(List.of(), store.messages().drainQueue("nobody", 0));
        }

        @Test
        void drainOfOneSessionLeavesTheQueuesOfOthers() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            offlineSession(store, "b", T0, "NEWS");
            Message message = appendOne(store, "NEWS", "x", T0, "a", "b");

            assertEquals(List.of(message), store.messages().drainQueue("a", T0));
            assertEquals(List.of(message), store.messages().drainQueue("b", T0));
        }

        @Test
        void queueDepthsCountTheMessagesWaitingForEachSessionThatHasAny() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            offlineSession(store, "b", T0, "NEWS");
            offlineSession(store, "c", T0, "NEWS");
            appendOne(store, "NEWS", "1", T0, "a", "b");
            appendOne(store, "NEWS", "2", T0, "a");

            assertEquals(Map.of("a", 2, "b", 1), store.messages().queueDepths());
            store.messages().drainQueue("a", 0);
            assertEquals(Map.of("b", 1), store.messages().queueDepths(), "a drained queue is not listed");
        }

        @Test
        void keepsAtMostOfflineMaxDroppingTheOldestAndCountingTheDrops() {
            Store store = open(DEFAULT_RETAINED_MAX, 3);
            offlineSession(store, "a", T0, "NEWS");
            offlineSession(store, "b", T0, "NEWS");
            List<Message> toA = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                toA.add(appendOne(store, "NEWS", "a" + i, T0 + i, "a"));
            }
            List<Message> toB = store.messages().append(IntStream.rangeClosed(1, 4)
                    .mapToObj(i -> publication("NEWS", "b" + i, T0, "b")).toList());

            assertEquals(3, store.messages().droppedOfflineMessages());
            assertEquals(toA.subList(2, 5), store.messages().drainQueue("a", 0));
            assertEquals(toB.subList(1, 4), store.messages().drainQueue("b", 0));
            assertEquals(3, store.messages().droppedOfflineMessages(), "draining drops nothing");
        }

        @Test
        void keepsQueuedMessagesAfterTheyAreTrimmedFromHistory() {
            Store store = open(2, DEFAULT_OFFLINE_MAX);
            offlineSession(store, "a", T0, "NEWS");
            List<Message> queued = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                queued.add(appendOne(store, "NEWS", "m" + i, T0 + i, "a"));
            }

            assertEquals(queued.subList(3, 5), store.messages().history("NEWS"));
            assertEquals(queued, store.messages().drainQueue("a", T0));
        }

        @Test
        void enqueueKeepsTheQueueInIdOrder() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            List<Message> held = store.messages().append(List.of(
                    publication("NEWS", "1", T0), publication("NEWS", "2", T0), publication("NEWS", "3", T0)));
            Message queuedLater = appendOne(store, "NEWS", "4", T0 + 1, "a");

            store.messages().enqueue("a", List.of(held.get(2), held.get(0), held.get(1)));

            assertEquals(List.of(held.get(0), held.get(1), held.get(2), queuedLater), store.messages().drainQueue("a", T0));
        }

        @Test
        void enqueueDoesNotAddAMessageTwice() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            Message queued = appendOne(store, "NEWS", "queued", T0, "a");
            Message held = appendOne(store, "NEWS", "held", T0);

            store.messages().enqueue("a", List.of(queued, held, held));
            store.messages().enqueue("a", List.of(held));

            assertEquals(List.of(queued, held), store.messages().drainQueue("a", T0));
        }

        @Test
        void enqueueOfMessagesTrimmedFromHistoryKeepsThem() {
            Store store = open(1, DEFAULT_OFFLINE_MAX);
            offlineSession(store, "a", T0, "NEWS");
            Message first = appendOne(store, "NEWS", "1", T0);
            Message second = appendOne(store, "NEWS", "2", T0);

            store.messages().enqueue("a", List.of(first, second));

            assertEquals(List.of(second), store.messages().history("NEWS"));
            assertEquals(List.of(first, second), store.messages().drainQueue("a", T0));
        }

        @Test
        void enqueueBeyondOfflineMaxKeepsTheNewestByIdAndCountsTheDrops() {
            Store store = open(DEFAULT_RETAINED_MAX, 3);
            offlineSession(store, "a", T0, "NEWS");
            List<Message> held = store.messages().append(List.of(
                    publication("NEWS", "1", T0), publication("NEWS", "2", T0), publication("NEWS", "3", T0)));
            List<Message> queued = store.messages().append(List.of(
                    publication("NEWS", "4", T0, "a"), publication("NEWS", "5", T0, "a")));

            store.messages().enqueue("a", held);

            assertEquals(2, store.messages().droppedOfflineMessages());
            assertEquals(List.of(held.get(2), queued.get(0), queued.get(1)), store.messages().drainQueue("a", T0));
        }

        @Test
        void keepsNothingAndCountsEveryMessageAsDroppedWhenOfflineMaxIsZero() {
            Store store = open(DEFAULT_RETAINED_MAX, 0);
            offlineSession(store, "a", T0, "NEWS");
            appendOne(store, "NEWS", "1", T0, "a");
            appendOne(store, "NEWS", "2", T0, "a");

            assertEquals(List.of(), store.messages().drainQueue("a", 0));
            assertEquals(2, store.messages().droppedOfflineMessages());
        }
    }

    @Nested
    class QualityOfService {

        @Test
        void eachMessageKeepsTheQosOfItsPublicationWhenAppendedAndInHistory() {
            Store store = open();
            List<Message> stored = store.messages().append(List.of(
                    publication("NEWS", "at most once", T0, 0, false),
                    publication("NEWS", "at least once", T0, 1, false),
                    publication("NEWS", "exactly once", T0, 2, false)));

            assertEquals(List.of(0, 1, 2), qos(stored));
            assertEquals(stored, store.messages().history("NEWS"));
            assertEquals(List.of(0, 1, 2), qos(store.messages().history("NEWS")));
        }

        @Test
        void aPublicationWithoutAQosIsStoredAtQos1() {
            Store store = open();
            Message text = appendOne(store, "NEWS", "text", T0);
            Message bytes = store.messages().append(List.of(new Publication("NEWS", new byte[] {1, 2}, T0, List.of()))).getFirst();

            assertEquals(1, text.qos());
            assertEquals(1, bytes.qos());
            assertEquals(List.of(1, 1), qos(store.messages().history("NEWS")));
        }

        @Test
        void queuedMessagesKeepTheirQos() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            List<Message> stored = store.messages().append(List.of(
                    publication("NEWS", "0", T0, 0, false, "a"),
                    publication("NEWS", "2", T0, 2, false, "a"),
                    publication("NEWS", "1", T0, 1, false, "a")));

            List<Message> drained = store.messages().drainQueue("a", T0);

            assertEquals(stored, drained);
            assertEquals(List.of(0, 2, 1), qos(drained));
        }

        @Test
        void enqueuedMessagesKeepTheirQos() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            List<Message> held = store.messages().append(List.of(
                    publication("NEWS", "2", T0, 2, false), publication("NEWS", "0", T0, 0, false)));

            store.messages().enqueue("a", held);

            List<Message> drained = store.messages().drainQueue("a", T0);
            assertEquals(held, drained);
            assertEquals(List.of(2, 0), qos(drained));
        }
    }

    @Nested
    class RetainedMessages {

        @Test
        void aRetainedPublicationBecomesItsTopicsRetainedMessageAndIsStoredLikeAnyOther() {
            Store store = open();
            offlineSession(store, "away", T0, "NEWS");
            Message message = store.messages().append(List.of(publication("NEWS", "keep me", T0, 2, true, "away"))).getFirst();

            assertEquals(List.of(message), retained(store, "NEWS"));
            assertEquals(2, retained(store, "NEWS").getFirst().qos());
            assertEquals(List.of(message), store.messages().history("NEWS"));
            assertEquals(List.of(message), store.messages().drainQueue("away", T0));
        }

        @Test
        void keepsARetainedBinaryPayloadByteForByte() {
            Store store = open();
            byte[] binary = {(byte) 0xff, 0, (byte) 0xc3, 0x28, 'a', (byte) 0x80};
            Message message = store.messages().append(List.of(
                    new Publication("sensors/raw", binary.clone(), T0, List.of(), 0, true))).getFirst();

            Message kept = retained(store, "sensors/raw").getFirst();
            assertEquals(message, kept);
            assertArrayEquals(binary, kept.payloadBytes());
            assertEquals(0, kept.qos());
        }

        @Test
        void aPublicationWithoutTheRetainFlagLeavesTheRetainedMessage() {
            Store store = open();
            Message kept = retainOne(store, "NEWS", "retained", T0, 1);
            Message later = appendOne(store, "NEWS", "not retained", T0 + 1);

            assertEquals(List.of(kept), retained(store, "NEWS"));
            assertEquals(List.of(kept, later), store.messages().history("NEWS"));
        }

        @Test
        void aLaterRetainedPublicationReplacesTheRetainedMessage() {
            Store store = open();
            retainOne(store, "NEWS", "first", T0, 2);
            Message second = retainOne(store, "NEWS", "second", T0 + 1, 0);

            assertEquals(List.of(second), retained(store, "NEWS"));
            assertEquals(0, retained(store, "NEWS").getFirst().qos());
        }

        @Test
        void aRetainedPublicationWithAnEmptyPayloadClearsTheRetainedMessageAndIsStoredLikeAnyOther() {
            Store store = open();
            offlineSession(store, "away", T0, "NEWS");
            Message first = store.messages().append(List.of(publication("NEWS", "first", T0, 1, true, "away"))).getFirst();
            Message clearing = store.messages().append(List.of(publication("NEWS", "", T0 + 1, 1, true, "away"))).getFirst();

            assertEquals(List.of(), retained(store, "NEWS"));
            assertEquals(List.of(), retained(store, "#"));
            assertEquals(0, clearing.payloadSize());
            assertEquals(List.of(first, clearing), store.messages().history("NEWS"));
            assertEquals(List.of(first, clearing), store.messages().drainQueue("away", T0));
        }

        @Test
        void clearingATopicThatHasNoRetainedMessageChangesNothingElse() {
            Store store = open();
            Message weather = retainOne(store, "WEATHER", "sunny", T0, 1);
            retainOne(store, "NEWS", "", T0 + 1, 1);

            assertEquals(List.of(), retained(store, "NEWS"));
            assertEquals(List.of(weather), retained(store, "#"));
        }

        @Test
        void theLastRetainedPublicationOfATopicInABatchWins() {
            Store store = open();
            List<Message> first = store.messages().append(List.of(
                    publication("NEWS", "a", T0, 1, true),
                    publication("WEATHER", "w", T0, 1, true),
                    publication("NEWS", "b", T0, 2, true),
                    publication("NEWS", "c, not retained", T0, 0, false)));
            assertEquals(List.of(first.get(2)), retained(store, "NEWS"));
            assertEquals(List.of(first.get(1)), retained(store, "WEATHER"));

            store.messages().append(List.of(publication("NEWS", "d", T0 + 1, 1, true), publication("NEWS", "", T0 + 1, 1, true)));
            assertEquals(List.of(), retained(store, "NEWS"), "an empty payload last in the batch clears it");

            List<Message> third = store.messages().append(List.of(
                    publication("NEWS", "", T0 + 2, 1, true), publication("NEWS", "e", T0 + 2, 0, true)));
            assertEquals(List.of(third.get(1)), retained(store, "NEWS"), "a payload after the empty one sets it again");
            assertEquals(List.of(first.get(1)), retained(store, "WEATHER"));
        }

        @Test
        void survivesTheTrimmingOfTheHistory() {
            Store store = open(2, DEFAULT_OFFLINE_MAX);
            Message kept = retainOne(store, "NEWS", "retained", T0, 2);
            List<Message> later = store.messages().append(List.of(
                    publication("NEWS", "1", T0 + 1), publication("NEWS", "2", T0 + 2), publication("NEWS", "3", T0 + 3)));

            assertEquals(later.subList(1, 3), store.messages().history("NEWS"));
            assertEquals(List.of(kept), retained(store, "NEWS"));
        }

        @Test
        void isKeptWhenTheHistoryKeepsNothingAndItsTopicIsListed() {
            Store store = open(0, DEFAULT_OFFLINE_MAX);
            Message kept = retainOne(store, "sensors/kitchen/temp", "21.5", T0, 1);

            assertEquals(List.of(), store.messages().history("sensors/kitchen/temp"));
            assertEquals(List.of(kept), retained(store, "sensors/kitchen/temp"));
            assertEquals(List.of(kept), retained(store, "sensors/#"));
            assertEquals(List.of("sensors/kitchen/temp"), store.messages().topics());
        }

        @Test
        void isLeftAloneByPurgesDrainsAndDeletedSessions() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            Message kept = store.messages().append(List.of(publication("NEWS", "old", T0 - 1, 1, true, "a"))).getFirst();

            assertEquals(1, store.messages().purgeExpired(T0, 10));
            store.messages().drainQueue("a", 0);
            store.subscriptions().delete("a");

            assertEquals(List.of(kept), retained(store, "NEWS"));
        }

        @Test
        void aFilterWithoutWildcardsGivesItsOwnTopicsRetainedMessageOnly() {
            Store store = open();
            Message temp = retainOne(store, "sensors/kitchen/temp", "21.5", T0, 1);
            retainOne(store, "sensors/kitchen/temp/raw", "2150", T0, 1);
            retainOne(store, "sensors/kitchen", "on", T0, 1);
            appendOne(store, "NEWS", "never retained", T0);

            assertEquals(List.of(temp), retained(store, "sensors/kitchen/temp"));
            assertEquals(List.of(), retained(store, "NEWS"));
            assertEquals(List.of(), retained(store, "sensors/kitchen/humidity"));
        }

        @Test
        void aWildcardFilterGivesTheRetainedMessagesOfEveryTopicItMatchesInIdOrder() {
            Store store = open();
            List<Message> batch = store.messages().append(List.of(
                    publication("sensors/kitchen/temp", "21.0", T0, 1, true),
                    publication("NEWS", "n", T0, 1, true),
                    publication("sensors", "s", T0, 1, true),
                    publication("sensors/hall/temp", "19.5", T0, 2, true)));
            Message humidity = retainOne(store, "sensors/kitchen/humidity", "40", T0 + 1, 0);
            Message uptime = retainOne(store, "$SYS/broker/uptime", "12", T0 + 1, 0);
            Message raw = retainOne(store, "sensors/kitchen/temp/raw", "2150", T0 + 1, 1);
            Message kitchen = retainOne(store, "sensors/kitchen/temp", "21.5", T0 + 2, 1); // replaces the first
            appendOne(store, "sensors/attic/temp", "not retained", T0 + 2);
            Message news = batch.get(1);
            Message sensors = batch.get(2);
            Message hall = batch.get(3);

            assertEquals(List.of(hall, kitchen), retained(store, "sensors/+/temp"));
            assertEquals(List.of(sensors, hall, humidity, raw, kitchen), retained(store, "sensors/#"));
            assertEquals(List.of(humidity, raw, kitchen), retained(store, "sensors/kitchen/#"));
            assertEquals(List.of(news, sensors), retained(store, "+"));
            assertEquals(List.of(news, sensors, hall, humidity, raw, kitchen), retained(store, "#"));
            assertEquals(List.of(), retained(store, "WEATHER/#"));
            assertEquals(List.of(uptime), retained(store, "$SYS/#"));
        }

        @Test
        void aLeadingWildcardDoesNotMatchTheServersDollarTopics() {
            Store store = open();
            Message uptime = retainOne(store, "$SYS/broker/uptime", "12", T0, 0);
            Message news = retainOne(store, "NEWS", "n", T0, 1);

            assertEquals(List.of(news), retained(store, "#"));
            assertEquals(List.of(), retained(store, "+/broker/uptime"));
            assertEquals(List.of(news), retained(store, "+/#"), "# matches no level too, yet not $SYS");
            assertEquals(List.of(uptime), retained(store, "$SYS/#"));
            assertEquals(List.of(uptime), retained(store, "$SYS/+/uptime"));
            assertEquals(List.of(uptime), retained(store, "$SYS/broker/uptime"));
        }
    }

    @Nested
    class PropertiesAndExpiry {

        /** An hour after the kit's clock starts. */
        private static final long LATER = T0 + 3_600_000;

        /**
         * PUBLISH properties as MQTT 5 writes them, with a zero byte and bytes that are not UTF-8
         * among them: Payload Format Indicator, Content Type, Response Topic, Correlation Data
         * (which tells one block from another) and a User Property.
         */
        private static byte[] mqttProperties(int correlation) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0x01); // Payload Format Indicator ...
            out.write(0x01); // ... UTF-8
            property(out, 0x03, "application/json".getBytes(StandardCharsets.UTF_8));
            property(out, 0x08, "replies/Grüße".getBytes(StandardCharsets.UTF_8));
            property(out, 0x09, new byte[] {0x00, (byte) 0xff, (byte) 0xc3, (byte) correlation});
            property(out, 0x26, "k".getBytes(StandardCharsets.UTF_8)); // a User Property: a name ...
            lengthPrefixed(out, "v".getBytes(StandardCharsets.UTF_8)); // ... and its value
            return out.toByteArray();
        }

        /** Writes a property's identifier, then its value. */
        private static void property(ByteArrayOutputStream out, int identifier, byte[] value) {
            out.write(identifier);
            lengthPrefixed(out, value);
        }

        /** Writes bytes after their length in two bytes, as MQTT writes strings and binary data. */
        private static void lengthPrefixed(ByteArrayOutputStream out, byte[] value) {
            out.write(value.length >> 8);
            out.write(value.length);
            out.writeBytes(value);
        }

        /** Asserts that {@code message} has exactly these properties and this expiry time. */
        private static void assertCarries(byte[] properties, long expiresAt, Message message) {
            assertArrayEquals(properties, propertiesOf(message), message.toString());
            assertEquals(properties.length, message.propertiesSize(), message.toString());
            assertEquals(properties.length > 0, message.hasProperties(), message.toString());
            assertEquals(expiresAt, message.expiresAt(), message.toString());
        }

        private static void assertCarriesNothing(Message message) {
            assertCarries(new byte[0], Message.NEVER_EXPIRES, message);
        }

        /**
         * Four publications to {@code topic}, queued for {@code offline}: with properties and an
         * expiry time, with neither, with properties only, with an expiry time only.
         */
        private static List<Publication> mixed(String topic, boolean retain, String... offline) {
            return List.of(
                    publication(topic, "both", T0, 1, retain, mqttProperties(1), LATER, offline),
                    publication(topic, "neither", T0, 1, retain, offline),
                    publication(topic, "properties", T0, 2, retain, mqttProperties(3), Message.NEVER_EXPIRES, offline),
                    publication(topic, "expiry", T0, 0, retain, new byte[0], LATER + 4, offline));
        }

        /** Asserts that {@code messages} are those of {@link #mixed}, in order. */
        private static void assertMixed(List<Message> messages) {
            assertEquals(List.of("both", "neither", "properties", "expiry"), payloads(messages));
            assertCarries(mqttProperties(1), LATER, messages.get(0));
            assertCarriesNothing(messages.get(1));
            assertCarries(mqttProperties(3), Message.NEVER_EXPIRES, messages.get(2));
            assertCarries(new byte[0], LATER + 4, messages.get(3));
        }

        @Test
        void appendReturnsEachMessageWithThePropertiesAndExpiryTimeOfItsPublication() {
            Store store = open();
            assertMixed(store.messages().append(mixed("NEWS", false)));
        }

        @Test
        void theHistoryKeepsThePropertiesAndExpiryTimeOfEachMessage() {
            Store store = open();
            List<Message> stored = store.messages().append(mixed("NEWS", false));

            assertEquals(stored, store.messages().history("NEWS"));
            assertMixed(store.messages().history("NEWS"));
        }

        @Test
        void theOfflineQueueKeepsThePropertiesAndExpiryTimeOfEachMessage() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            offlineSession(store, "b", T0, "NEWS");
            List<Message> stored = store.messages().append(mixed("NEWS", false, "a", "b"));

            assertEquals(stored, store.messages().drainQueue("a", T0));
            assertMixed(store.messages().drainQueue("b", T0));
        }

        @Test
        void enqueuedMessagesKeepTheirPropertiesAndExpiryTime() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            List<Message> held = store.messages().append(mixed("NEWS", false));

            store.messages().enqueue("a", held.reversed());

            assertMixed(store.messages().drainQueue("a", T0));
        }

        @Test
        void aRetainedMessageKeepsItsPropertiesAndExpiryTimeForEveryFilterThatMatchesIt() {
            Store store = open();
            List<Message> stored = store.messages().append(List.of(
                    publication("sensors/kitchen", "21.5", T0, 1, true, mqttProperties(1), LATER),
                    publication("sensors/hall", "19.0", T0, 2, true, mqttProperties(2), Message.NEVER_EXPIRES),
                    publication("sensors/attic", "15.0", T0, 0, true)));

            assertEquals(List.of(stored.get(0)), retained(store, "sensors/kitchen"));
            assertCarries(mqttProperties(1), LATER, retained(store, "sensors/kitchen").getFirst());
            assertEquals(stored, retained(store, "sensors/+"));
            List<Message> all = retained(store, "#");
            assertCarries(mqttProperties(1), LATER, all.get(0));
            assertCarries(mqttProperties(2), Message.NEVER_EXPIRES, all.get(1));
            assertCarriesNothing(all.get(2));
        }

        @Test
        void aRetainedMessageReplacedByANewOneHasTheNewOnesPropertiesAndExpiryTime() {
            Store store = open();
            store.messages().append(List.of(publication("NEWS", "first", T0, 1, true, mqttProperties(1), LATER)));
            Message second = store.messages().append(List.of(
                    publication("NEWS", "second", T0 + 1, 2, true, mqttProperties(2), LATER + 1))).getFirst();

            assertEquals(List.of(second), retained(store, "NEWS"));
            assertCarries(mqttProperties(2), LATER + 1, retained(store, "#").getFirst());

            Message plain = retainOne(store, "NEWS", "third, with neither", T0 + 2, 1);
            assertEquals(List.of(plain), retained(store, "NEWS"));
            assertCarriesNothing(retained(store, "NEWS").getFirst());

            List<Message> batch = store.messages().append(List.of(
                    publication("NEWS", "fourth", T0 + 3, 1, true, mqttProperties(4), LATER + 4),
                    publication("NEWS", "fifth, last in its batch", T0 + 3, 0, true, mqttProperties(5), LATER + 5)));
            assertEquals(List.of(batch.get(1)), retained(store, "NEWS"));
            assertCarries(mqttProperties(5), LATER + 5, retained(store, "#").getFirst());
        }

        @Test
        void aMessageWithoutPropertiesHasNoneAndNeverExpiresOnEveryPath() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            List<Message> stored = new ArrayList<>(store.messages().append(List.of(
                    publication("NEWS", "text", T0, "a"),
                    new Publication("NEWS", new byte[] {1, 2}, T0, List.of("a")),
                    publication("NEWS", "retained", T0, 2, true, "a"))));
            stored.add(appendOne(store, "NEWS", "held", T0));
            store.messages().enqueue("a", List.of(stored.getLast()));

            List<Message> read = new ArrayList<>(stored);
            read.addAll(store.messages().history("NEWS"));
            read.addAll(retained(store, "NEWS"));
            read.addAll(retained(store, "#"));
            read.addAll(store.messages().drainQueue("a", T0));
            assertEquals(4 + 4 + 1 + 1 + 4, read.size());
            read.forEach(PropertiesAndExpiry::assertCarriesNothing);
            assertEquals(0, read.getFirst().properties().remaining());
        }

        @Test
        void storesReturnExpiredMessagesLikeAnyOther() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            Message expired = store.messages().append(List.of(
                    publication("NEWS", "expired", T0, 1, true, mqttProperties(1), T0 - 1, "a"))).getFirst();

            assertTrue(expired.expiredAt(clock().millis()));
            assertEquals(List.of(expired), store.messages().history("NEWS"));
            assertEquals(List.of(expired), retained(store, "NEWS"));
            assertEquals(Map.of("a", 1), store.messages().queueDepths());
            assertEquals(0, store.messages().purgeExpired(T0, 10), "purging goes by publish time, not by expiry");
            assertEquals(List.of(expired), store.messages().drainQueue("a", T0));
        }

        @Test
        void keepsLargePropertiesOfEveryByteValueByteForByte() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            byte[] large = new byte[70_000];
            for (int i = 0; i < large.length; i++) {
                large[i] = (byte) (i * 31);
            }
            Message stored = store.messages().append(List.of(
                    publication("NEWS", "large", T0, 1, true, large.clone(), Long.MAX_VALUE, "a"))).getFirst();

            assertCarries(large, Long.MAX_VALUE, stored);
            assertCarries(large, Long.MAX_VALUE, store.messages().history("NEWS").getFirst());
            assertCarries(large, Long.MAX_VALUE, retained(store, "NEWS").getFirst());
            assertCarries(large, Long.MAX_VALUE, store.messages().drainQueue("a", T0).getFirst());
        }
    }

    @Nested
    class PurgeExpired {

        @Test
        void deletesOnlyQueuedMessagesPublishedBeforeTheCutoffAcrossSessions() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            offlineSession(store, "b", T0, "NEWS");
            appendOne(store, "NEWS", "old", T0 - 2, "a", "b");
            appendOne(store, "NEWS", "older", T0 - 1, "a");
            Message atCutoff = appendOne(store, "NEWS", "at the cutoff", T0, "a", "b");

            assertEquals(3, store.messages().purgeExpired(T0, 100));

            assertEquals(List.of(atCutoff), store.messages().drainQueue("a", 0));
            assertEquals(List.of(atCutoff), store.messages().drainQueue("b", 0));
        }

        @Test
        void deletesAtMostLimitPerCallAndReturnsLessOnceNoneAreLeft() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            offlineSession(store, "b", T0, "NEWS");
            for (int i = 0; i < 3; i++) {
                appendOne(store, "NEWS", "old " + i, T0 - 10 + i, "a");
                appendOne(store, "NEWS", "old " + i, T0 - 10 + i, "b");
            }
            Message young = appendOne(store, "NEWS", "young", T0, "a", "b");

            assertEquals(4, store.messages().purgeExpired(T0, 4));
            assertEquals(2, store.messages().purgeExpired(T0, 4));
            assertEquals(0, store.messages().purgeExpired(T0, 4));

            assertEquals(List.of(young), store.messages().drainQueue("a", 0));
            assertEquals(List.of(young), store.messages().drainQueue("b", 0));
        }

        @Test
        void leavesRetainedHistoryAlone() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            Message old = appendOne(store, "NEWS", "old", T0 - 1, "a");

            assertEquals(1, store.messages().purgeExpired(T0, 10));
            assertEquals(List.of(old), store.messages().history("NEWS"));
        }

        @Test
        void findsNothingToDeleteInAnEmptyStore() {
            Store store = open();
            assertEquals(0, store.messages().purgeExpired(T0, 10));
        }
    }

    @Nested
    class Sessions {

        @Test
        void findOfAnUnknownIdIsEmpty() {
            Store store = open();
            assertEquals(Optional.empty(), store.subscriptions().find("nobody"));
        }

        @Test
        void createMakesAnOnlineSessionWithNoSubscriptions() {
            Store store = open();
            store.subscriptions().create("a");

            SessionRecord record = store.subscriptions().find("a").orElseThrow();
            assertEquals("a", record.clientId());
            assertEquals(Set.of(), record.topics());
            assertTrue(record.online());
        }

        @Test
        void createDiscardsTheSubscriptionsAndQueueOfAnExistingSession() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS", "WEATHER");
            appendOne(store, "NEWS", "queued", T0 + 1, "a");

            store.subscriptions().create("a");

            SessionRecord record = store.subscriptions().find("a").orElseThrow();
            assertEquals(Set.of(), record.topics());
            assertTrue(record.online());
            assertEquals(List.of(), store.messages().drainQueue("a", 0));
        }

        @Test
        void deleteRemovesTheSessionWithItsSubscriptionsAndQueue() {
            Store store = open();
            offlineSession(store, "a", T0, "NEWS");
            offlineSession(store, "b", T0, "NEWS");
            Message message = appendOne(store, "NEWS", "queued", T0 + 1, "a", "b");

            store.subscriptions().delete("a");

            assertEquals(Optional.empty(), store.subscriptions().find("a"));
            assertEquals(List.of("b"), store.subscriptions().all().stream().map(SessionRecord::clientId).toList());
            assertEquals(List.of(), store.messages().drainQueue("a", 0));
            store.subscriptions().create("a");
            assertEquals(Set.of(), store.subscriptions().find("a").orElseThrow().topics());
            assertEquals(List.of(), store.messages().drainQueue("a", 0));
            assertEquals(List.of(message), store.messages().drainQueue("b", 0), "other sessions keep their queues");
        }

        @Test
        void deleteOfAnUnknownIdDoesNothing() {
            Store store = open();
            store.subscriptions().create("a");
            store.subscriptions().delete("nobody");
            assertEquals(1, store.subscriptions().all().size());
        }

        @Test
        void subscribeAndUnsubscribeAreIdempotent() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("a");
            sessions.subscribe("a", "NEWS");
            sessions.subscribe("a", "NEWS");
            sessions.subscribe("a", "WEATHER");
            assertEquals(Set.of("NEWS", "WEATHER"), sessions.find("a").orElseThrow().topics());

            sessions.unsubscribe("a", "NEWS");
            sessions.unsubscribe("a", "NEWS");
            sessions.unsubscribe("a", "SPORTS");
            assertEquals(Set.of("WEATHER"), sessions.find("a").orElseThrow().topics());
        }

        @Test
        void subscriptionsBelongToTheirOwnSession() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("a");
            sessions.create("b");
            sessions.subscribe("a", "NEWS");
            sessions.subscribe("b", "WEATHER");

            assertEquals(Set.of("NEWS"), sessions.find("a").orElseThrow().topics());
            assertEquals(Set.of("WEATHER"), sessions.find("b").orElseThrow().topics());
        }

        @Test
        void markOfflineAndMarkOnlineShowInFindAndAll() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("a");
            sessions.subscribe("a", "NEWS");

            sessions.markOffline("a", T0 + 5);
            assertEquals(new SessionRecord("a", Set.of("NEWS"), T0 + 5), sessions.find("a").orElseThrow());
            assertEquals(List.of(new SessionRecord("a", Set.of("NEWS"), T0 + 5)), sessions.all());

            sessions.markOnline("a");
            assertTrue(sessions.find("a").orElseThrow().online());
            assertTrue(sessions.all().get(0).online());
            assertEquals(Set.of("NEWS"), sessions.find("a").orElseThrow().topics());
        }

        @Test
        void allListsEverySessionWithItsState() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("online");
            sessions.subscribe("online", "NEWS");
            offlineSession(store, "offline", T0, "NEWS", "WEATHER");
            sessions.create("idle");

            Set<SessionRecord> all = new HashSet<>(sessions.all());

            assertEquals(3, sessions.all().size());
            assertEquals(Set.of(
                    sessions.find("online").orElseThrow(),
                    new SessionRecord("offline", Set.of("NEWS", "WEATHER"), T0),
                    sessions.find("idle").orElseThrow()), all);
            assertTrue(sessions.find("online").orElseThrow().online());
            assertTrue(sessions.find("idle").orElseThrow().online());
        }

        @Test
        void keepsTheQosOfEachSubscriptionAndReportsItInFindAndAll() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("a");
            sessions.subscribe("a", "NEWS", 0);
            sessions.subscribe("a", "sensors/+/temp", 2);
            sessions.subscribe("a", "WEATHER");
            sessions.markOffline("a", T0);

            SessionRecord record = sessions.find("a").orElseThrow();
            assertEquals(Map.of("NEWS", 0, "sensors/+/temp", 2, "WEATHER", 1), record.subscriptions());
            assertEquals(Set.of("NEWS", "sensors/+/temp", "WEATHER"), record.topics());
            assertEquals(2, record.qos("sensors/+/temp"));
            assertEquals(List.of(new SessionRecord("a", Map.of("NEWS", 0, "sensors/+/temp", 2, "WEATHER", 1), T0, null)),
                    sessions.all());
        }

        @Test
        void aSecondSubscribeOfAFilterChangesItsQos() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("a");
            sessions.subscribe("a", "NEWS", 0);
            sessions.subscribe("a", "NEWS", 2);
            assertEquals(Map.of("NEWS", 2), sessions.find("a").orElseThrow().subscriptions());

            sessions.subscribe("a", "NEWS");
            assertEquals(Map.of("NEWS", 1), sessions.find("a").orElseThrow().subscriptions(), "the line protocol's QoS 1");

            sessions.subscribe("a", "NEWS", 0);
            assertEquals(Map.of("NEWS", 0), sessions.find("a").orElseThrow().subscriptions());
            assertEquals(Map.of("NEWS", 0), sessions.all().getFirst().subscriptions());
        }

        @Test
        void aSubscriptionRemovedAndMadeAgainHasItsNewQos() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("a");
            sessions.subscribe("a", "NEWS", 2);
            sessions.unsubscribe("a", "NEWS");
            sessions.subscribe("a", "NEWS", 0);

            assertEquals(Map.of("NEWS", 0), sessions.find("a").orElseThrow().subscriptions());
        }

        @Test
        void subscribeRefusesAQosOtherThan0To2AndChangesNothing() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            sessions.create("a");
            sessions.subscribe("a", "NEWS", 2);

            assertThrows(IllegalArgumentException.class, () -> sessions.subscribe("a", "NEWS", 3));
            assertThrows(IllegalArgumentException.class, () -> sessions.subscribe("a", "WEATHER", -1));

            assertEquals(Map.of("NEWS", 2), sessions.find("a").orElseThrow().subscriptions());
        }

        @Test
        void expiredListsSessionsOfflineSinceBeforeTheCutoff() {
            Store store = open();
            SubscriptionStore sessions = store.subscriptions();
            offlineSession(store, "long-gone", T0 - 10);
            offlineSession(store, "gone", T0 - 1);
            offlineSession(store, "just-gone", T0);
            offlineSession(store, "back", T0 - 20);
            sessions.markOnline("back");
            sessions.create("online");

            assertEquals(Set.of("long-gone", "gone"), new HashSet<>(sessions.expired(T0, 10)));
        }

        @Test
        void expiredReturnsAtMostLimitIds() {
            Store store = open();
            for (int i = 0; i < 5; i++) {
                offlineSession(store, "s" + i, T0 - 100 + i);
            }

            List<String> some = store.subscriptions().expired(T0, 3);

            assertEquals(3, some.size());
            assertEquals(3, Set.copyOf(some).size(), "no id twice");
            assertTrue(Set.of("s0", "s1", "s2", "s3", "s4").containsAll(some));
            assertEquals(List.of(), store.subscriptions().expired(T0 - 100, 3));
        }
    }

    @Nested
    class Concurrency {

        private static final int THREADS = 4;
        private static final int APPENDS_PER_THREAD = 150;

        @Test
        void appendsToDifferentTopicsAtOnceGetUniqueIdsIncreasingWithinEachTopic() throws Exception {
            Store store = open();
            offlineSession(store, "sleeper", T0);
            List<List<Message>> perThread = runAtOnce(THREADS, thread -> {
                List<Message> mine = new ArrayList<>();
                for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                    int size = 1 + i % 3;
                    List<Publication> batch = IntStream.range(0, size)
                            .mapToObj(k -> publication("T" + thread, "m", T0, "sleeper")).toList();
                    mine.addAll(store.messages().append(batch));
                }
                return mine;
            });

            Set<Long> unique = new HashSet<>();
            int total = 0;
            for (int thread = 0; thread < THREADS; thread++) {
                List<Message> mine = perThread.get(thread);
                assertStrictlyIncreasing(ids(mine), "ids of topic T" + thread + " in call order");
                assertEquals(mine, store.messages().history("T" + thread));
                mine.forEach(m -> unique.add(m.id()));
                total += mine.size();
            }
            assertEquals(total, unique.size(), "ids are unique across topics");

            List<Message> queued = store.messages().drainQueue("sleeper", T0);
            assertEquals(total, queued.size(), "each message is queued once");
            assertStrictlyIncreasing(ids(queued), "a queue filled from many topics at once drains in id order");
        }

        @Test
        void sessionsOfDifferentIdsChangeAtOnceWithoutInterfering() throws Exception {
            Store store = open();
            runAtOnce(THREADS, thread -> {
                for (int i = 0; i < 25; i++) {
                    String id = "c" + thread + "-" + i;
                    store.subscriptions().create(id);
                    store.subscriptions().subscribe(id, "NEWS");
                    store.subscriptions().subscribe(id, "T" + thread);
                    store.subscriptions().markOffline(id, T0 + i);
                }
                return null;
            });

            List<SessionRecord> all = store.subscriptions().all();
            assertEquals(THREADS * 25, all.size());
            for (SessionRecord record : all) {
                String thread = record.clientId().substring(1, record.clientId().indexOf('-'));
                assertEquals(Set.of("NEWS", "T" + thread), record.topics(), record.clientId());
                assertFalse(record.online(), record.clientId());
            }
        }

        @Test
        void retainedPublicationsToDifferentTopicsAtOnceLeaveEachTopicItsLastOne() throws Exception {
            Store store = open();
            List<Message> last = runAtOnce(THREADS, thread -> {
                Message newest = null;
                for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                    List<Message> stored = store.messages().append(List.of(
                            publication("T" + thread, "m" + i, T0, i % 3, true),
                            publication("T" + thread, "not retained", T0, 1, false)));
                    newest = stored.getFirst();
                }
                return newest;
            });

            for (int thread = 0; thread < THREADS; thread++) {
                assertEquals(List.of(last.get(thread)), retained(store, "T" + thread));
            }
            assertEquals(last.stream().sorted(Comparator.comparingLong(Message::id)).toList(), retained(store, "#"));
        }

        /** Runs {@code work} on {@code threads} threads released together; returns their results by thread. */
        private <T> List<T> runAtOnce(int threads, ThreadWork<T> work) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<T>> futures = new ArrayList<>();
                for (int thread = 0; thread < threads; thread++) {
                    int number = thread;
                    futures.add(pool.submit(() -> {
                        if (!start.await(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("start signal never came");
                        }
                        return work.run(number);
                    }));
                }
                start.countDown();
                List<T> results = new ArrayList<>();
                for (Future<T> future : futures) {
                    results.add(future.get(60, TimeUnit.SECONDS));
                }
                return results;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** Work of one thread in a concurrency test. */
    @FunctionalInterface
    protected interface ThreadWork<T> {
        T run(int thread) throws Exception;
    }

    @Nested
    class Durability {

        @Test
        void durableStoreKeepsHistoryQueuesAndSessionsWhenReopened() {
            Store store = open(3, DEFAULT_OFFLINE_MAX);
            assumeTrue(store.durable(), "only a durable store keeps its data when reopened");
            offlineSession(store, "a", T0, "NEWS", "WEATHER");
            store.subscriptions().create("b");
            store.subscriptions().subscribe("b", "NEWS");
            List<Message> stored = store.messages().append(List.of(
                    publication("NEWS", "line one\nline two \\ Grüße", T0 + 1, "a"),
                    publication("WEATHER", "  sunny  ", T0 + 2, "a"),
                    publication("NEWS", "", T0 + 3)));
            List<SessionRecord> sessions = sorted(store.subscriptions().all());

            Store again = closeAndReopen(store);

            assertEquals(List.of(stored.get(0), stored.get(2)), again.messages().history("NEWS"));
            assertEquals(List.of(stored.get(1)), again.messages().history("WEATHER"));
            assertEquals(sessions, sorted(again.subscriptions().all()));
            assertEquals(List.of(stored.get(0), stored.get(1)), again.messages().drainQueue("a", T0));
        }

        @Test
        void durableStoreAssignsLargerIdsAfterReopen() {
            Store store = open();
            assumeTrue(store.durable(), "only a durable store keeps its data when reopened");
            Message news = appendOne(store, "NEWS", "before", T0);
            Message weather = appendOne(store, "WEATHER", "before", T0);

            Store again = closeAndReopen(store);
            Message afterNews = appendOne(again, "NEWS", "after", T0 + 1);
            Message afterOther = appendOne(again, "SPORTS", "after", T0 + 1);

            assertTrue(afterNews.id() > weather.id() && afterOther.id() > weather.id(),
                    "ids after reopen exceed every id before it");
            assertEquals(List.of(news, afterNews), again.messages().history("NEWS"));
        }

        @Test
        void durableStoreKeepsQosRetainedMessagesAndSubscriptionQosWhenReopened() {
            Store store = open(1, DEFAULT_OFFLINE_MAX);
            assumeTrue(store.durable(), "only a durable store keeps its data when reopened");
            store.subscriptions().create("a");
            store.subscriptions().subscribe("a", "NEWS", 2);
            store.subscriptions().subscribe("a", "sensors/#", 0);
            store.subscriptions().markOffline("a", T0);
            byte[] binary = {(byte) 0xff, 0, 'x'};
            List<Message> stored = store.messages().append(List.of(
                    publication("NEWS", "retained", T0, 2, true, "a"),
                    publication("NEWS", "newer", T0 + 1, 0, false, "a"),
                    publication("sensors/kitchen", "cleared later", T0 + 1, 1, true, "a"),
                    new Publication("sensors/raw", binary, T0 + 2, List.of("a"), 0, true)));
            Message clearing = retainOne(store, "sensors/kitchen", "", T0 + 3, 1);
            SessionRecord session = store.subscriptions().find("a").orElseThrow();

            Store again = closeAndReopen(store);

            assertEquals(List.of(stored.get(1)), again.messages().history("NEWS"));
            assertEquals(List.of(stored.get(0)), retained(again, "NEWS"));
            assertEquals(List.of(stored.get(0), stored.get(3)), retained(again, "#"));
            assertArrayEquals(binary, retained(again, "sensors/raw").getFirst().payloadBytes());
            assertEquals(List.of(), retained(again, "sensors/kitchen"));
            assertEquals(List.of(clearing), again.messages().history("sensors/kitchen"));
            assertEquals(Set.of("NEWS", "sensors/kitchen", "sensors/raw"), Set.copyOf(again.messages().topics()));
            assertEquals(stored, again.messages().drainQueue("a", T0));
            assertEquals(session, again.subscriptions().find("a").orElseThrow());
            assertEquals(Map.of("NEWS", 2, "sensors/#", 0), again.subscriptions().find("a").orElseThrow().subscriptions());
        }

        @Test
        void durableStoreKeepsPropertiesAndExpiryTimesWhenReopened() {
            Store store = open();
            assumeTrue(store.durable(), "only a durable store keeps its data when reopened");
            offlineSession(store, "a", T0, "NEWS");
            byte[] properties = {0x01, 0x01, 0x09, 0x00, 0x02, 0x00, (byte) 0xff};
            List<Message> stored = store.messages().append(List.of(
                    publication("NEWS", "with both", T0, 1, true, properties.clone(), T0 + 60_000, "a"),
                    publication("NEWS", "with neither", T0 + 1, 2, false, "a")));
            Message held = store.messages().append(List.of(
                    publication("WEATHER", "held", T0 + 2, 0, false, new byte[] {0x23, 0x00, 0x05}, T0 + 5))).getFirst();
            store.messages().enqueue("a", List.of(held));

            Store again = closeAndReopen(store);

            assertEquals(stored, again.messages().history("NEWS"));
            assertEquals(List.of(stored.get(0)), retained(again, "NEWS"));
            assertArrayEquals(properties, propertiesOf(retained(again, "#").getFirst()));
            assertEquals(T0 + 60_000, retained(again, "#").getFirst().expiresAt());
            assertEquals(List.of(stored.get(0), stored.get(1), held), again.messages().drainQueue("a", T0));
        }

        private static List<SessionRecord> sorted(List<SessionRecord> records) {
            return records.stream().sorted(Comparator.comparing(SessionRecord::clientId)).toList();
        }
    }
}
