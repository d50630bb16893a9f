/**
 * The service-provider interfaces of Herald: stores ({@link dev.herald.broker.api.spi.StoreProvider},
 * {@link dev.herald.broker.api.spi.MessageStore}, {@link dev.herald.broker.api.spi.SubscriptionStore})
 * and transports ({@link dev.herald.broker.api.spi.TransportProvider}). Providers are found with
 * {@link java.util.ServiceLoader} and chosen by name with {@link dev.herald.broker.api.spi.Providers}.
 */
package dev.herald.broker.api.spi;
