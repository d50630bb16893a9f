/**
 * Herald's service-provider interfaces ({@code dev.herald.broker.api.spi}), through which the
 * server finds its stores and transports, and the line protocol's wire codec shared by server
 * and client ({@code dev.herald.broker.api.wire}). The message types they speak of are in
 * {@code dev.herald.broker.model}, which this module passes on to the modules that read it.
 *
 * <p>The service-provider interfaces are exported to every module: a store or transport
 * written outside Herald implements them. The wire codec is exported to the Herald modules
 * that speak the line protocol only.
 */
@SuppressWarnings("module") // the modules named below are built after this one
module dev.herald.broker.api {
    requires transitive dev.herald.broker.model;

    exports dev.herald.broker.api.spi;
    exports dev.herald.broker.api.wire to
            dev.herald.broker.server,
            dev.herald.broker.client,
            dev.herald.transport.mqtt,
            dev.herald.demo,
            dev.herald.bench;
}
