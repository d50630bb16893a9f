/**
 * Herald's public contracts, with no dependencies: the message and name types
 * ({@link dev.herald.broker.api.Message}, {@link dev.herald.broker.api.Names}),
 * the wire codec shared by server and client ({@code dev.herald.broker.api.wire}),
 * and the service-provider interfaces ({@code dev.herald.broker.api.spi}) through
 * which the server finds its stores and transports.
 *
 * <p>The message types and the service-provider interfaces are exported to every module: a
 * store or transport written outside Herald implements them. The wire codec is exported to
 * the Herald modules that speak the line protocol only, so that an application, which reads
 * this module through the client library, does not see it.
 */
@SuppressWarnings("module") // the modules named below are built after this one
module dev.herald.broker.api {
    exports dev.herald.broker.api;
    exports dev.herald.broker.api.spi;
    exports dev.herald.broker.api.wire to
            dev.herald.broker.server,
            dev.herald.broker.client,
            dev.herald.transport.mqtt,
            dev.herald.demo,
            dev.herald.bench;
}
