package dev.herald.broker.client;

/**
 * How the server answered {@code CONN} or {@code RECON}.
 *
 * @param resumed whether a stored session was resumed ({@code CONN_ACK RESUMED}); false when
 *                a new session was started ({@code CONN_ACK NEW})
 * @param queued  how many messages queued while the session was offline followed the answer;
 *                they were handed to the listeners before {@code resume()} returned
 */
public record SessionStart(boolean resumed, int queued) {

    public SessionStart {
        if (queued < 0) {
            throw new IllegalArgumentException("queued must not be negative: " + queued);
        }
    }
}
