package dev.herald.broker.server.internal;

import dev.herald.broker.model.ErrorCode;
import dev.herald.broker.model.Names;
import dev.herald.broker.model.ProtocolException;
import dev.herald.broker.model.TopicFilter;

/**
 * The checks a request passes before it reaches the session state: who the client is (the
 * users file, TLS certificates, the {@link LoginThrottle}), which topics it may publish or
 * subscribe to, and the bound on topics ({@code broker.max-topics}). Apart from the topics
 * a check makes, under the routing lock, it changes nothing and takes no session's or
 * topic's lock, so it runs before the engine touches a session.
 */
final class Access {

    private final BrokerConfig config;
    private final Routing routing;
    /** The server's own {@code $} topics that exist: those it publishes. */
    private final ServerTopics serverTopics;
    private final Users users;
    private final LoginThrottle throttle;
    private final BrokerStats stats;

    Access(BrokerConfig config, Routing routing, ServerTopics serverTopics, LoginThrottle throttle, BrokerStats stats) {
        this.config = config;
        this.routing = routing;
        this.serverTopics = serverTopics;
        this.users = config.usersFile() == null ? null : Users.load(config.usersFile());
        this.throttle = throttle;
        this.stats = stats;
    }

    private long now() {
        return config.clock().millis();
    }

    /**
     * The authenticated user, or null when the server requires no authentication. A client
     * without credentials is the user its TLS certificate's subject is mapped to, else
     * {@code anonymous} when the users file lets such clients in.
     *
     * A wrong password is answered after the delay of {@link LoginThrottle}, waited on the
     * client's own thread, holding no lock.
     *
     * @param user     the user the client gave, or null for none
     * @param password its password (null with no user)
     * @throws ProtocolException BAD_CREDENTIALS
     */
    String authenticate(String user, String password, Link client) throws ProtocolException {
        if (users == null) {
            return null;
        }
        if (user == null) {
            String mapped = client.connection.peerPrincipal().map(users::certificateUser).orElse(users.anonymous());
            if (mapped == null) {
                stats.failedLogins.increment();
                throw new ProtocolException(ErrorCode.BAD_CREDENTIALS, client.connection.peerPrincipal()
                        .map(p -> "the certificate subject " + p.getName() + " is no user of this server")
                        .orElse("this server requires a user and a password"));
            }
            return mapped;
        }
        String address = client.connection.remoteHost();
        if (!throttle.checkAlone(address, () -> users.authenticate(user, password))) {
            stats.failedLogins.increment();
            throttle.await(throttle.failed(address, user, now()), client::isClosed);
            throw new ProtocolException(ErrorCode.BAD_CREDENTIALS, "bad user or password");
        }
        return user;
    }

    /**
     * The topic of a {@code PUB}, checked: it must exist, and the user may need the right to
     * publish to it.
     *
     * @throws ProtocolException MALFORMED for a wildcard, UNKNOWN_TOPIC, or NOT_AUTHORIZED
     *                           (the server's own {@code $} topics are read only)
     */
    Topic checkTopic(String name, String user) throws ProtocolException {
        Topic topic = routing.get(name);
        if (topic == null || topic.serverOwned()) {
            if (name.indexOf('+') >= 0 || name.indexOf('#') >= 0) {
                throw new ProtocolException(ErrorCode.MALFORMED, "cannot publish to a topic filter: " + name);
            }
            if (name.startsWith("$") && Names.isValidTopic(name.substring(1))) {
                throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "the server's own topics are read only: " + name);
            }
            if (!config.topics().contains(name)) {
                throw new ProtocolException(ErrorCode.UNKNOWN_TOPIC, "no such topic: " + name);
            }
            topic = newTopic(name);
        }
        if (users != null && !users.allowed(user, name, Users.Access.PUBLISH)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "user " + user + " may not publish to " + name);
        }
        while (!topic.markPublished()) { // routing forgot it meanwhile (its last subscriber left): again
            topic = newTopic(name);
        }
        return topic;
    }

    /**
     * The topic filter of a {@code SUB} or {@code UNSUB}, checked: wildcards where they may
     * stand, a filter that can match a topic of the server, and the user's right to subscribe.
     * A shared subscription ({@code $share/<group>/<filter>}) is checked as its filter after
     * the group, once its own form is.
     *
     * @param access null when only the filter itself matters ({@code UNSUB})
     * @throws ProtocolException MALFORMED, UNKNOWN_TOPIC or NOT_AUTHORIZED
     */
    TopicFilter checkFilter(String text, String user, Users.Access access) throws ProtocolException {
        TopicFilter filter = parseFilter(text);
        TopicFilter routed = filter.unshared();
        String name = routed.text();
        if (!config.topics().canMatch(routed) && !serverTopics.canMatch(routed)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TOPIC, routed.isWildcard()
                    ? "the filter matches none of the server's topics: " + text : "no such topic: " + text);
        }
        if (users != null && access != null && !users.allowed(user, name, access)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "user " + user + " may not subscribe to " + text);
        }
        if (access != null && !routed.isWildcard()) {
            checkRoomForTopic(name); // a SUB of a topic nobody used makes it
        }
        return filter;
    }

    /**
     * Reads a filter: outside the grammar of topics (wildcards aside) it is UNKNOWN_TOPIC,
     * with wildcards out of place or a malformed {@code $share/<group>/} MALFORMED.
     */
    private static TopicFilter parseFilter(String text) throws ProtocolException {
        String filter = text;
        int group = text.startsWith("$share/") ? text.indexOf('/', "$share/".length()) : -1;
        if (group > 0 && group < text.length() - 1) {
            filter = text.substring(group + 1); // the group and the rest of the form are TopicFilter's to check
        }
        String plain = (filter.startsWith("$") ? filter.substring(1) : filter).replace('+', 'a').replace('#', 'a');
        if (!Names.isValidTopic(plain)) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TOPIC, "no such topic: " + text);
        }
        try {
            return TopicFilter.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, e.getMessage());
        }
    }

    /** The topic of this name, made if need be within {@code broker.max-topics}; under the routing lock. */
    Topic newTopic(String name) throws ProtocolException {
        routing.lock();
        try {
            checkRoomForTopic(name);
            return routing.create(name);
        } finally {
            routing.unlock();
        }
    }

    /** A topic routing does not know yet may be made only below {@code broker.max-topics}. */
    private void checkRoomForTopic(String name) throws ProtocolException {
        if (routing.get(name) == null && routing.size() - serverTopics.names().size() >= config.security().maxTopics()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TOPIC, "no such topic: " + name + " (the server holds its most topics, "
                    + config.security().maxTopics() + ")");
        }
    }

    /** Whether a user of the users file is an admin; with no users file, nobody is. */
    boolean admin(String user, String password) {
        return users != null && users.authenticate(user, password) && users.admin(user);
    }

    /** Whether the server requires authentication (it has a users file). */
    boolean authenticates() {
        return users != null;
    }
}
