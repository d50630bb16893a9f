/**
 * The Herald client library: connect to a broker under a client id, publish, subscribe with
 * listeners, and resume a session after going offline. Everything an application uses is in
 * {@link dev.herald.broker.client}; start with {@link dev.herald.broker.client.HeraldClient#builder()}.
 * The types of {@code dev.herald.broker.api} its methods take and return
 * ({@link dev.herald.broker.api.Message}, {@link dev.herald.broker.api.ErrorCode}) come with it;
 * the wire codec it uses and the broker's service-provider interfaces do not.
 */
module dev.herald.broker.client {
    /* Transitive for Message and ErrorCode; broker-api exports its other packages to Herald's modules only. */
    requires transitive dev.herald.broker.api;

    exports dev.herald.broker.client;
}
