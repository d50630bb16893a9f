/**
 * The line protocol on the engine's boundary: {@link dev.herald.broker.server.line.LineProtocol}
 * reads each connection's frames and calls the engine; {@link dev.herald.broker.server.line.LineWire}
 * and {@link dev.herald.broker.server.line.Frames} write its replies and messages.
 */
package dev.herald.broker.server.line;
