package dev.herald.broker.client;

import dev.herald.broker.model.Names;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link HeraldClient}, immutable. Usually made by
 * {@link HeraldClient#builder()}.
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>option</th><th>meaning</th><th>default</th></tr>
 * <tr><td>host, port</td><td>the broker</td><td>{@value #DEFAULT_HOST}, {@value #DEFAULT_PORT}</td></tr>
 * <tr><td>clientId</td><td>the session's id, 1 to 64 of {@code A-Z a-z 0-9 _ . : -}</td><td>required</td></tr>
 * <tr><td>user, password</td><td>credentials, for a server that requires them</td><td>none</td></tr>
 * <tr><td>connectTimeout</td><td>how long opening the TCP connection (and its TLS handshake) may take</td><td>5 s</td></tr>
 * <tr><td>tls</td><td>TLS: the context whose trust managers check the server's certificate
 *     (and whose key managers hold a client certificate)</td><td>none: plain TCP</td></tr>
 * <tr><td>verifyHostname</td><td>with TLS, whether the server's certificate must name the host
 *     connected to</td><td>true</td></tr>
 * <tr><td>requestTimeout</td><td>how long a request waits for its reply</td><td>10 s</td></tr>
 * <tr><td>reconnectPolicy</td><td>automatic reconnection with backoff; null: off</td><td>off</td></tr>
 * <tr><td>keepAlive</td><td>send {@code PING} after this long without sending anything;
 *     zero: off</td><td>off</td></tr>
 * <tr><td>connectionListener</td><td>hears connection events</td><td>none</td></tr>
 * <tr><td>defaultListener</td><td>receives messages of topics that have no listener, such as
 *     the queued messages of a session resumed by a new client object</td><td>none (such
 *     messages are dropped)</td></tr>
 * </table>
 *
 * @param host               broker host name or address
 * @param port               broker port
 * @param clientId           the client id
 * @param user               user name, or null
 * @param password           password, or null (given with {@code user})
 * @param connectTimeout     TCP connect timeout
 * @param requestTimeout     reply timeout of every request
 * @param reconnectPolicy    automatic reconnection, or null for none
 * @param keepAlive          idle time before a {@code PING}, {@link Duration#ZERO} for none
 * @param connectionListener connection events, or null
 * @param defaultListener    messages of topics without a listener, or null
 * @param tls                the TLS context, or null for plain TCP
 * @param verifyHostname     with TLS, whether the server's certificate must name {@code host}
 */
public record ClientOptions(String host, int port, String clientId, String user, String password,
                            Duration connectTimeout, Duration requestTimeout, ReconnectPolicy reconnectPolicy,
                            Duration keepAlive, ConnectionListener connectionListener,
                            MessageListener defaultListener, SSLContext tls, boolean verifyHostname) {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 12345;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public ClientOptions {
        checkHost(host);
        checkPort(port);
        checkClientId(clientId);
        checkCredentials(user, password);
        checkPositive("connectTimeout", connectTimeout);
        checkPositive("requestTimeout", requestTimeout);
        checkKeepAlive(keepAlive);
    }

    /** Whether the client reconnects on its own after losing its connection. */
    public boolean autoReconnect() {
        return reconnectPolicy != null;
    }

    /** These options with the password masked. */
    @Override
    public String toString() {
        return "ClientOptions[host=" + host + ", port=" + port + ", clientId=" + clientId
                + ", user=" + user + ", password=" + (password == null ? null : "****")
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", reconnectPolicy=" + reconnectPolicy + ", keepAlive=" + keepAlive
                + ", tls=" + (tls != null) + (tls != null ? ", verifyHostname=" + verifyHostname : "") + "]";
    }

    static void checkHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be a host name or address: " + host);
        }
    }

    static void checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
    }

    static void checkClientId(String clientId) {
        if (clientId == null) {
            throw new IllegalArgumentException("clientId is required");
        }
        if (!Names.isValidClientId(clientId)) {
            throw new IllegalArgumentException("clientId must be 1 to " + Names.MAX_CLIENT_ID_LENGTH
                    + " characters from A-Z a-z 0-9 _ . : - but was '" + clientId + "'");
        }
    }

    static void checkCredentials(String user, String password) {
        if (user == null && password == null) {
            return;
        }
        if (user == null || password == null) {
            throw new IllegalArgumentException("user and password are given together");
        }
        checkToken("user", user);
        checkToken("password", password);
    }

    private static void checkToken(String name, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) <= ' ') {
                // Tokens are separated by spaces and a frame ends at LF: neither may be inside one.
                throw new IllegalArgumentException(name + " must not contain spaces or control characters");
            }
        }
    }

    static void checkKeepAlive(Duration keepAlive) {
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepAlive must be zero (off) or positive: " + keepAlive);
        }
    }

    static void checkPositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
