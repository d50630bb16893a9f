/**
 * Herald's public contracts, with no dependencies: the message and name types
 * ({@link dev.herald.broker.api.Message}, {@link dev.herald.broker.api.Names}),
 * the wire codec shared by server and client ({@code dev.herald.broker.api.wire}),
 * and the service-provider interfaces ({@code dev.herald.broker.api.spi}) through
 * which the server finds its stores and transports.
 */
module dev.herald.broker.api {
    exports dev.herald.broker.api;
    exports dev.herald.broker.api.wire;
    exports dev.herald.broker.api.spi;
}
