/**
 * The Herald client library: connect to a broker under a client id, publish, subscribe with
 * listeners, and resume a session after going offline. Everything an application uses is in
 * {@link dev.herald.broker.client}; start with {@link dev.herald.broker.client.HeraldClient#builder()}.
 * The types of {@code dev.herald.broker.api} its methods take and return
 * ({@link dev.herald.broker.api.Message}, {@link dev.herald.broker.api.ErrorCode}) come with it,
 * and so do the store and transport interfaces that broker-api exports to everyone (stores
 * written outside Herald implement them); the wire codec it uses does not.
 */
module dev.herald.broker.client {
    /* Transitive for Message and ErrorCode; broker-api keeps its wire codec to Herald's modules. */
    requires transitive dev.herald.broker.api;

    exports dev.herald.broker.client;
}
