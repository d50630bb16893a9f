package dev.herald.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the connections scenario, run as a process of its own so that the
 * measured server's JVM holds nothing but the server side: opens N connections, starts a
 * session on each (Herald's {@code CONN}, MQTT's {@code CONNECT}), prints {@code READY <n>}
 * and holds them until its stdin closes.
 */
public final class IdleClients {

    /** Connections whose session start is not answered yet, at most. */
    private static final int LOGINS_IN_FLIGHT = 16;

    private IdleClients() {
    }

    /** Arguments: host port count herald|relay|mqtt|mqtt5 (or another {@link Protocol}, in lower case). */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: idle-clients <host> <port> <count> herald|relay|mqtt|mqtt5");
            System.exit(2);
        }
        InetSocketAddress address = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        Protocol protocol = Protocol.valueOf(args[3].toUpperCase(java.util.Locale.ROOT));
        List<Socket> sockets = new ArrayList<>(count);
        try {
            int answered = 0;
            for (int i = 0; i < count; i++) {
                Socket socket = Sockets.open(address);
                sockets.add(socket);
                String clientId = "bench-idle-" + i;
                switch (protocol) {
                    case HERALD -> socket.getOutputStream().write(("CONN " + clientId + "\n").getBytes(StandardCharsets.US_ASCII));
                    case MQTT, MQTT_QOS0, MQTT5, MQTT5_QOS0 ->
                            socket.getOutputStream().write(Mqtt.connect(clientId, protocol.mqttLevel()));
                    case RELAY -> {
                        // nothing to say
                    }
                }
                // A server lets few connections of one address wait for their login at once
                // (broker.max-unauthenticated-per-address): keep fewer than that unanswered.
                if (sockets.size() - answered >= LOGINS_IN_FLIGHT) {
                    awaitAnswer(sockets.get(answered++), protocol);
                }
            }
            while (answered < sockets.size()) {
                awaitAnswer(sockets.get(answered++), protocol);
            }
            System.out.println("READY " + sockets.size());
            System.out.flush();
            InputStream stdin = System.in;
            while (stdin.read() >= 0) {
                // hold the connections until the parent closes our stdin
            }
        } catch (IOException e) {
            System.out.println("FAILED after " + sockets.size() + " connections: " + e.getMessage());
            System.out.flush();
        } finally {
            for (Socket socket : sockets) {
                Sockets.closeQuietly(socket);
            }
        }
    }

    private static void awaitAnswer(Socket socket, Protocol protocol) throws IOException {
        switch (protocol) {
            case HERALD -> awaitLine(socket);
            case MQTT, MQTT_QOS0, MQTT5, MQTT5_QOS0 -> Mqtt.connack(new LineInput(socket.getInputStream(), 16),
                    Deadline.in(java.time.Duration.ofSeconds(30)), protocol.mqttLevel(), "CONNECT");
            case RELAY -> {
                // no answer comes
            }
        }
    }

    private static void awaitLine(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            line.append((char) c);
        }
        if (!line.toString().startsWith("CONN_ACK")) {
            throw new IOException("CONN answered " + line);
        }
    }
}
