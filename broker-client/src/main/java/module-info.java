/**
 * The Herald client library: connect to a broker under a client id, publish, subscribe with
 * listeners, and resume a session after going offline. Everything an application uses is in
 * {@link dev.herald.broker.client}; start with {@link dev.herald.broker.client.HeraldClient#builder()}.
 */
module dev.herald.broker.client {
    requires transitive dev.herald.broker.api;

    exports dev.herald.broker.client;
}
