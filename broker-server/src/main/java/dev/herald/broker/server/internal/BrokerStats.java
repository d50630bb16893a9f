package dev.herald.broker.server.internal;

import dev.herald.broker.api.spi.Connection;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the engine counts as it runs, read by the {@code $SYS} topics, the metrics and the
 * admin API. Counts per topic live in each {@link Topic}. Each count is a {@link LongAdder}
 * added to once per event or per batch, never per byte, so that counting costs the hot path
 * next to nothing and threads do not contend on it.
 */
final class BrokerStats {

    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    /** Bytes of messages on the server's own {@code $} topics handed to connections: left out of the figures. */
    final LongAdder serverTopicBytesOut = new LongAdder();
    /** Messages sent as a {@code SUB}'s history or a {@code RECON}'s queued messages. */
    final LongAdder replayed = new LongAdder();
    final LongAdder offlineExpired = new LongAdder();
    final LongAdder slowConsumerCutOffs = new LongAdder();
    /** Times a drainer or a reader waited for a connection to make room (flow control). */
    final LongAdder flowControlWaits = new LongAdder();
    final LongAdder failedLogins = new LongAdder();

    /** A connection whose streams count the bytes read and written. */
    Connection counted(Connection connection) throws IOException {
        return new FilterConnection(connection, counted(connection.input()), counted(connection.output()));
    }

    /** A connection's input, counting the bytes read into {@link #bytesIn}. */
    InputStream counted(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytesIn.increment();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = in.read(buffer, off, len);
                if (n > 0) {
                    bytesIn.add(n);
                }
                return n;
            }
        };
    }

    /** A connection's output, counting the bytes written into {@link #bytesOut}. */
    OutputStream counted(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytesOut.increment();
            }

            @Override
            public void write(byte[] buffer, int off, int len) throws IOException {
                out.write(buffer, off, len);
                bytesOut.add(len);
            }
        };
    }
}
