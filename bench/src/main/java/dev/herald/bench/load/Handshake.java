package dev.herald.bench.load;

import java.io.IOException;
import java.net.SocketTimeoutException;

/** Reading the replies of the few requests that are answered one at a time. */
final class Handshake {

    private Handshake() {
    }

    /** The next line, waiting at most until the deadline. */
    static String readReply(LineInput input, Deadline deadline) throws IOException {
        while (true) {
            try {
                return input.readLine();
            } catch (SocketTimeoutException e) {
                if (deadline.passed()) {
                    throw new IOException("no reply before the time limit");
                }
            }
        }
    }

    /** The number at the end of a reply such as {@code SUB_ACK NEWS 12} or {@code CONN_ACK RESUMED 3}. */
    static int trailingCount(String reply) throws IOException {
        int space = reply.lastIndexOf(' ');
        try {
            return Integer.parseInt(reply.substring(space + 1));
        } catch (NumberFormatException e) {
            throw new IOException("unexpected reply: " + reply);
        }
    }
}
