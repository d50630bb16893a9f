package dev.herald.broker.server.internal;

import java.util.Arrays;

/**
 * The changes of the copy-on-write arrays that routing keeps (a topic's subscribers and
 * groups, a group's members): each makes a new array, so that a reader holding the old one
 * goes on undisturbed. Elements are compared by identity.
 */
final class CopyOnWrite {

    private CopyOnWrite() {
    }

    /** The array with {@code element} at its end; the array itself when it holds it already. */
    static <T> T[] with(T[] array, T element) {
        if (indexOf(array, element) >= 0) {
            return array;
        }
        T[] grown = Arrays.copyOf(array, array.length + 1);
        grown[array.length] = element;
        return grown;
    }

    /** The array without {@code element}, or {@code empty} when none is left; the array itself when it does not hold it. */
    static <T> T[] without(T[] array, T element, T[] empty) {
        int at = indexOf(array, element);
        if (at < 0) {
            return array;
        }
        if (array.length == 1) {
            return empty;
        }
        T[] shrunk = Arrays.copyOf(array, array.length - 1);
        System.arraycopy(array, at + 1, shrunk, at, array.length - at - 1);
        return shrunk;
    }

    private static int indexOf(Object[] array, Object element) {
        for (int i = 0; i < array.length; i++) {
            if (array[i] == element) {
                return i;
            }
        }
        return -1;
    }
}
