/**
 * The Herald client API.
 *
 * <pre>{@code
 * try (HeraldClient client = HeraldClient.builder().host("localhost").port(12345)
 *         .clientId("subscriber-1").build()) {
 *     client.connect();
 *     client.subscribe("NEWS", message -> System.out.println(message.payload()));
 *     long id = client.publish("NEWS", "Hello");
 * }
 * }</pre>
 *
 * Failures are unchecked {@link dev.herald.broker.client.HeraldException}s: a
 * {@link dev.herald.broker.client.ServerErrorException} carries the code of the server's
 * {@code ERR} reply, a {@link dev.herald.broker.client.ConnectionException} says the connection
 * could not be made or was lost, a {@link dev.herald.broker.client.RequestTimeoutException}
 * says no reply came in time.
 */
package dev.herald.broker.client;
