package dev.herald.broker.server.internal;

import dev.herald.broker.model.TopicFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * One shared subscription, {@code $share/<group>/<filter>}, and the sessions that hold it:
 * each message of the topics its filter matches goes to one of them. Routing keeps it on
 * those topics as it keeps a session. Its members change under the routing lock and the
 * locks of every topic it is on (those of the members' routing), so a topic's lock is enough
 * to read them.
 */
final class SharedGroup {

    private static final Session[] NONE = new Session[0];

    /** The subscription as written, with its {@code $share/<group>/}. */
    final TopicFilter filter;
    /** Copy-on-write, in the order they joined. */
    private Session[] members = NONE;
    /**
     * Whose turn it is, as an index into the members. Taken under one of the group's topics'
     * locks: the drainers of two topics may race on it, which only makes the turns less even.
     */
    private int turn;

    SharedGroup(TopicFilter filter) {
        this.filter = filter;
    }

    /** The members, in the order they joined; under a lock of one of its topics. */
    Session[] members() {
        return members;
    }

    /** Adds a member; again is the same as once. */
    void add(Session session) {
        members = CopyOnWrite.with(members, session);
    }

    /** Removes a member; true when none is left. */
    boolean remove(Session session) {
        members = CopyOnWrite.without(members, session, NONE);
        return members.length == 0;
    }

    /** Where the next turn starts: an index into {@link #members()}, taken modulo their number. */
    int turn() {
        return turn;
    }

    /** Records that member {@code index} took a message: the next one's turn comes. */
    void took(int index) {
        turn = index + 1;
    }

    /** Whether a member is online. */
    boolean anyOnline() {
        for (Session s : members) {
            if (s.connection != null) {
                return true;
            }
        }
        return false;
    }

    /** The outbounds of the members online, where a message none of them had room for waits. */
    List<Outbound> onlineOutbounds() {
        List<Outbound> online = new ArrayList<>(members.length);
        for (Session s : members) {
            Link c = s.connection;
            if (c != null) {
                online.add(c.outbound);
            }
        }
        return online;
    }

    /**
     * The member whose turn it is, for messages that go to an offline queue when no member is
     * online; the turn moves on. Null when the group has no member left.
     */
    Session nextMember() {
        Session[] all = members;
        if (all.length == 0) {
            return null;
        }
        int at = Math.floorMod(turn, all.length);
        took(at);
        return all[at];
    }
}
