package dev.herald.broker.http;

import dev.herald.broker.server.spi.OperationsListenerProvider;

import java.net.InetSocketAddress;

/** Provides the HTTP operations listener; allocates nothing until a listener starts. */
public final class HttpOperationsProvider implements OperationsListenerProvider {

    @Override
    public OperationsListener create(InetSocketAddress address) {
        return new HttpOperations(address);
    }
}
