/**
 * The wire codec of protocol version 1, shared by server and client: frame splitting with
 * its size limit ({@link dev.herald.broker.api.wire.FrameReader}), payload escaping
 * ({@link dev.herald.broker.api.wire.Escaping}), client frames ({@link dev.herald.broker.api.wire.Verb},
 * {@link dev.herald.broker.api.wire.Request}) and server frames ({@link dev.herald.broker.api.wire.ServerFrame}).
 */
package dev.herald.broker.api.wire;
