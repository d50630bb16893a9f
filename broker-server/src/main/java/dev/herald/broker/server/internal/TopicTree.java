package dev.herald.broker.server.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Values by topic name or topic filter, in a tree of their levels (split at {@code /}), so
 * that matching walks the levels a name or filter has instead of every entry. Routing keeps
 * one of its topics, walked with a filter when a wildcard subscription is made, and one of its
 * wildcard filters, walked with a name when a topic is made. Matching follows
 * {@link dev.herald.broker.model.TopicFilter#matches}: {@code +} is one level, {@code #} the
 * rest (none included), and a leading wildcard does not match a first level that starts with
 * {@code $}. Not thread safe: routing uses it under its lock.
 *
 * @param <T> the value kept at a name or filter
 */
final class TopicTree<T> {

    private static final String SINGLE = "+";
    private static final String MULTI = "#";

    private static final class Node<T> {
        private Map<String, Node<T>> children;
        private T value;

        Node<T> child(String level) {
            return children == null ? null : children.get(level);
        }

        boolean isEmpty() {
            return value == null && (children == null || children.isEmpty());
        }
    }

    private final Node<T> root = new Node<>();

    private static String[] levels(String path) {
        return path.split("/", -1);
    }

    /** Keeps {@code value} at a name or filter, replacing any. */
    void put(String path, T value) {
        Node<T> node = root;
        for (String level : levels(path)) {
            if (node.children == null) {
                node.children = new HashMap<>(4);
            }
            node = node.children.computeIfAbsent(level, l -> new Node<>());
        }
        node.value = value;
    }

    /** The value at a name or filter, or null. */
    T get(String path) {
        Node<T> node = root;
        for (String level : levels(path)) {
            node = node.child(level);
            if (node == null) {
                return null;
            }
        }
        return node.value;
    }

    /** Removes the value at a name or filter, and the levels it alone used. */
    void remove(String path) {
        remove(root, levels(path), 0);
    }

    private static <T> boolean remove(Node<T> node, String[] levels, int i) {
        if (i == levels.length) {
            node.value = null;
        } else {
            Node<T> child = node.child(levels[i]);
            if (child != null && remove(child, levels, i + 1)) {
                node.children.remove(levels[i]);
            }
        }
        return node.isEmpty();
    }

    /** Calls {@code action} with the value of each name the filter matches; the tree holds names. */
    void forEachMatchedBy(String filter, Consumer<T> action) {
        matchedBy(root, levels(filter), 0, action);
    }

    private static <T> void matchedBy(Node<T> node, String[] filter, int i, Consumer<T> action) {
        if (i == filter.length) {
            if (node.value != null) {
                action.accept(node.value);
            }
            return;
        }
        String level = filter[i];
        if (level.equals(MULTI)) {
            if (node.value != null && i > 0) { // a/# matches a
                action.accept(node.value);
            }
            forEachChild(node, i == 0, child -> all(child, action));
        } else if (level.equals(SINGLE)) {
            forEachChild(node, i == 0, child -> matchedBy(child, filter, i + 1, action));
        } else {
            Node<T> child = node.child(level);
            if (child != null) {
                matchedBy(child, filter, i + 1, action);
            }
        }
    }

    /** Each child; at the first level, not those of names that start with {@code $}. */
    private static <T> void forEachChild(Node<T> node, boolean first, Consumer<Node<T>> action) {
        if (node.children == null) {
            return;
        }
        for (Map.Entry<String, Node<T>> e : node.children.entrySet()) {
            if (!(first && e.getKey().startsWith("$"))) {
                action.accept(e.getValue());
            }
        }
    }

    private static <T> void all(Node<T> node, Consumer<T> action) {
        if (node.value != null) {
            action.accept(node.value);
        }
        if (node.children != null) {
            for (Node<T> child : node.children.values()) {
                all(child, action);
            }
        }
    }

    /** Calls {@code action} with the value of each filter that matches the name; the tree holds filters. */
    void forEachMatching(String name, Consumer<T> action) {
        String[] levels = levels(name);
        matching(root, levels, 0, levels[0].startsWith("$"), action);
    }

    private static <T> void matching(Node<T> node, String[] name, int i, boolean dollar, Consumer<T> action) {
        boolean wildcardsApply = !(i == 0 && dollar);
        Node<T> multi = node.child(MULTI);
        if (multi != null && multi.value != null && wildcardsApply) {
            action.accept(multi.value); // # here matches this level and all below, or none (a/# and a)
        }
        if (i == name.length) {
            if (node.value != null) {
                action.accept(node.value);
            }
            return;
        }
        Node<T> single = node.child(SINGLE);
        if (single != null && wildcardsApply) {
            matching(single, name, i + 1, dollar, action);
        }
        Node<T> exact = node.child(name[i]);
        if (exact != null) {
            matching(exact, name, i + 1, dollar, action);
        }
    }
}
