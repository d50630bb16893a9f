/**
 * WebSocket (RFC 6455), server side, as a carrier of another protocol: the opening handshake
 * of section 4.2 ({@link dev.herald.broker.server.websocket.Handshake}), and the framing of
 * section 5 turned into a byte stream each way, so that the carried protocol's reader and
 * writer see the bytes they see over TCP. {@code ws://} and {@code wss://} listeners carry
 * MQTT in binary frames with the subprotocol {@code mqtt} (MQTT 3.1.1 and 5.0, section 6).
 * It runs on the connection's own thread over blocking streams, as every protocol does.
 */
package dev.herald.broker.server.websocket;
