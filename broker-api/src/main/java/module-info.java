/**
 * Herald's public contracts, with no dependencies: the message and name types
 * ({@link dev.herald.broker.api.Message}, {@link dev.herald.broker.api.Names}),
 * the wire codec shared by server and client ({@code dev.herald.broker.api.wire}),
 * and the service-provider interfaces ({@code dev.herald.broker.api.spi}) through
 * which the server finds its stores and transports.
 *
 * <p>Only {@code dev.herald.broker.api} is exported to every module. The codec and the
 * service-provider interfaces are exported to the Herald modules that use them, so that an
 * application, which reads this module through the client library, sees the message and
 * error types and nothing else.
 */
@SuppressWarnings("module") // the modules named below are built after this one
module dev.herald.broker.api {
    exports dev.herald.broker.api;
    exports dev.herald.broker.api.wire to
            dev.herald.broker.server,
            dev.herald.broker.client,
            dev.herald.demo,
            dev.herald.bench;
    exports dev.herald.broker.api.spi to
            dev.herald.broker.server,
            dev.herald.transport.mqtt,
            dev.herald.store.memory,
            dev.herald.store.jdbc,
            dev.herald.store.tck,
            dev.herald.bench;
}
