package dev.herald.broker.server.websocket;

import java.io.IOException;

/**
 * A client broke a rule of RFC 6455 (or sent what the carried protocol cannot take): the
 * server has sent a close frame with {@link #status()} and the reason, and reads no more.
 */
final class WebSocketException extends IOException {

    private final int status;

    WebSocketException(int status, String reason) {
        super("WebSocket close " + status + ": " + reason);
        this.status = status;
    }

    /** The status code of the close frame sent (RFC 6455 section 7.4.1). */
    int status() {
        return status;
    }
}
