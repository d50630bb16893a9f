package dev.herald.broker.server.admin;

/**
 * One topic; counts run since start.
 *
 * @param name        its name
 * @param subscribers sessions its messages go to, the members of shared subscriptions included (each once)
 * @param retained    messages in its retained history
 * @param published   messages stored
 * @param delivered   messages sent live to subscribers
 * @param queued      messages put in offline queues when published
 */
public record TopicInfo(String name, int subscribers, int retained, long published, long delivered, long queued) {
}
