package dev.herald.broker.client;

import dev.herald.broker.model.Names;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of a {@link HeraldClient}, immutable. Usually made by
 * {@link HeraldClient#builder()}, whose setters are those of {@link Builder}.
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
 *     connected to</td><td>{@value #DEFAULT_VERIFY_HOSTNAME}</td></tr>
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
 * <p>Every value is checked where it enters: by the {@link Builder}'s setter that takes it,
 * and by the constructor for options made directly. A bad value is refused with an
 * {@link IllegalArgumentException} that names the option and its bounds.
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
    /** No keep-alive: the client sends {@code PING} only when asked to. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ZERO;
    public static final boolean DEFAULT_VERIFY_HOSTNAME = true;

    private static final int MIN_PORT = 1;
    private static final int MAX_PORT = 65535;

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

    private static String checkHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be a host name or address, not blank: " + host);
        }
        return host;
    }

    private static int checkPort(int port) {
        if (port < MIN_PORT || port > MAX_PORT) {
            throw new IllegalArgumentException("port must be between " + MIN_PORT + " and " + MAX_PORT + ": " + port);
        }
        return port;
    }

    private static String checkClientId(String clientId) {
        if (clientId == null) {
            throw new IllegalArgumentException("clientId is required");
        }
        if (!Names.isValidClientId(clientId)) {
            throw new IllegalArgumentException("clientId must be 1 to " + Names.MAX_CLIENT_ID_LENGTH
                    + " characters from A-Z a-z 0-9 _ . : - but was '" + clientId + "'");
        }
        return clientId;
    }

    private static void checkCredentials(String user, String password) {
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

    private static Duration checkKeepAlive(Duration keepAlive) {
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepAlive must be zero (off) or positive: " + keepAlive);
        }
        return keepAlive;
    }

    private static Duration checkPositive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    /**
     * Sets options one at a time, each checked as it is set, starting from the defaults;
     * {@link #clientId} is required. {@link HeraldClient#builder()} makes one, whose
     * {@link HeraldClient.Builder#build() build()} makes the client.
     *
     * @param <B> the builder's own type, which every setter returns
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits HeraldClient.Builder {

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String clientId;
        private String user;
        private String password;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private ReconnectPolicy reconnectPolicy;
        private Duration keepAlive = DEFAULT_KEEP_ALIVE;
        private ConnectionListener connectionListener;
        private MessageListener defaultListener;
        private SSLContext tls;
        private boolean verifyHostname = DEFAULT_VERIFY_HOSTNAME;

        Builder() {
        }

        /** This builder, as the type its setters return. */
        abstract B self();

        /** The broker's host name or address; {@value ClientOptions#DEFAULT_HOST} by default. */
        public B host(String host) {
            this.host = checkHost(host);
            return self();
        }

        /** The broker's port, 1 to 65535; {@value ClientOptions#DEFAULT_PORT} by default. */
        public B port(int port) {
            this.port = checkPort(port);
            return self();
        }

        /** The client id (required): 1 to 64 characters from {@code A-Z a-z 0-9 _ . : -}. */
        public B clientId(String clientId) {
            this.clientId = checkClientId(clientId);
            return self();
        }

        /** User and password, sent with {@code CONN}/{@code RECON}; neither may contain spaces. */
        public B credentials(String user, String password) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            checkCredentials(user, password);
            this.user = user;
            this.password = password;
            return self();
        }

        /**
         * How long opening the TCP connection may take; positive,
         * {@link ClientOptions#DEFAULT_CONNECT_TIMEOUT} (5 s) by default.
         */
        public B connectTimeout(Duration timeout) {
            this.connectTimeout = checkPositive("connectTimeout", timeout);
            return self();
        }

        /**
         * Connects over TLS, trusting the certificates the JDK trusts by default (its
         * {@code cacerts}, or {@code javax.net.ssl.trustStore}).
         *
         * @throws IllegalStateException when the JDK has no default TLS context
         */
        public B tls() {
            try {
                return tls(SSLContext.getDefault());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK has no default TLS context", e);
            }
        }

        /**
         * Connects over TLS, trusting the certificates in this truststore (PKCS12 or JKS): the
         * server's own, or those of the authority that signed it.
         *
         * @throws IllegalArgumentException when the truststore cannot be read
         */
        public B tls(Path truststore, String password) {
            Objects.requireNonNull(truststore, "truststore");
            char[] pw = password == null ? new char[0] : password.toCharArray();
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(KeyStore.getInstance(truststore.toFile(), pw));
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return tls(context);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("tls: cannot use the truststore " + truststore + ": " + e.getMessage(), e);
            }
        }

        /**
         * Connects over TLS with this context: its trust managers check the server's
         * certificate, and its key managers, if any, offer a client certificate.
         */
        public B tls(SSLContext context) {
            this.tls = Objects.requireNonNull(context, "context");
            return self();
        }

        /**
         * With TLS, whether the server's certificate must name the host connected to (the
         * default). Turning it off accepts any trusted certificate, whatever host it names.
         */
        public B verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return self();
        }

        /**
         * How long each request waits for its reply; positive,
         * {@link ClientOptions#DEFAULT_REQUEST_TIMEOUT} (10 s) by default.
         */
        public B requestTimeout(Duration timeout) {
            this.requestTimeout = checkPositive("requestTimeout", timeout);
            return self();
        }

        /** Reconnect automatically with {@link ReconnectPolicy#DEFAULT}, or not at all (the default). */
        public B autoReconnect(boolean enabled) {
            this.reconnectPolicy = enabled ? ReconnectPolicy.DEFAULT : null;
            return self();
        }

        /** Reconnect automatically with this policy. */
        public B autoReconnect(ReconnectPolicy policy) {
            this.reconnectPolicy = Objects.requireNonNull(policy, "policy");
            return self();
        }

        /**
         * Send {@code PING} after this long without sending anything; zero or positive,
         * {@link ClientOptions#DEFAULT_KEEP_ALIVE} (zero: never) by default.
         */
        public B keepAlive(Duration idle) {
            this.keepAlive = checkKeepAlive(idle);
            return self();
        }

        /** Hears connection events. */
        public B connectionListener(ConnectionListener listener) {
            this.connectionListener = listener;
            return self();
        }

        /**
         * Receives the messages of topics that have no listener of their own, such as the
         * queued messages of a session resumed by a client object that did not subscribe.
         */
        public B defaultListener(MessageListener listener) {
            this.defaultListener = listener;
            return self();
        }

        /**
         * The options as set so far.
         *
         * @throws IllegalArgumentException when no client id was given
         */
        public ClientOptions options() {
            return new ClientOptions(host, port, clientId, user, password, connectTimeout, requestTimeout,
                    reconnectPolicy, keepAlive, connectionListener, defaultListener, tls, verifyHostname);
        }
    }
}
