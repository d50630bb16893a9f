/**
 * The Herald client library: connect to a broker under a client id, publish, subscribe with
 * listeners, and resume a session after going offline. Everything an application uses is in
 * {@link dev.herald.broker.client}; start with {@link dev.herald.broker.client.HeraldClient#builder()}.
 * The types its methods take and return ({@link dev.herald.broker.model.Message},
 * {@link dev.herald.broker.model.ErrorCode}) come with it from {@code dev.herald.broker.model};
 * the store interfaces and the wire codec of {@code dev.herald.broker.api}, which it uses
 * inside, do not.
 */
module dev.herald.broker.client {
    requires transitive dev.herald.broker.model;
    requires dev.herald.broker.api;

    exports dev.herald.broker.client;
}
