/**
 * The Herald demo: replays the original broker test sequence (two publishers, three
 * subscribers, stored history, error handling, offline queues and their TTL) against a broker
 * started in the same process, through the client library only, and checks its own outcome.
 * Run it with {@code java -p target/modules -m dev.herald.demo}; {@code -Dbroker.store} chooses
 * the store and {@code -Dbroker.offline.ttl} the offline TTL, as for the server.
 */
module dev.herald.demo {
    requires dev.herald.broker.client;
    requires dev.herald.broker.server;
    requires java.logging;
}
