package dev.herald.broker.server.tcp;

import dev.herald.broker.api.spi.Connection;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.Principal;
import java.util.Optional;

/** A client connection over a TCP (or TLS) socket. */
final class SocketConnection implements Connection {

    private final Socket socket;

    SocketConnection(Socket socket) {
        this.socket = socket;
    }

    @Override
    public InputStream input() throws IOException {
        return socket.getInputStream();
    }

    @Override
    public OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(socket.getRemoteSocketAddress());
    }

    @Override
    public String remoteHost() {
        return socket.getInetAddress().getHostAddress();
    }

    /** The subject of the client's certificate, once the TLS handshake has checked it. */
    @Override
    public Optional<Principal> peerPrincipal() {
        if (socket instanceof SSLSocket ssl) {
            try {
                return Optional.of(ssl.getSession().getPeerPrincipal());
            } catch (SSLPeerUnverifiedException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is unusable either way
        }
    }
}
