/**
 * The types an application of Herald sees, with no dependencies: {@link dev.herald.broker.model.Message},
 * {@link dev.herald.broker.model.ErrorCode}, the rules for names ({@link dev.herald.broker.model.Names})
 * and topic filters ({@link dev.herald.broker.model.TopicFilter}).
 *
 * <p>The client library hands this module, and only this one, to the applications that read
 * it; the store and transport service-provider interfaces live in {@code dev.herald.broker.api}.
 */
module dev.herald.broker.model {
    exports dev.herald.broker.model;
}
