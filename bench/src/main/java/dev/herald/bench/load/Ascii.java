package dev.herald.bench.load;

/** Decimal numbers written straight into byte buffers, without a String in between. */
final class Ascii {

    private Ascii() {
    }

    /** Writes a non-negative number; returns the index after its last digit. */
    static int putLong(byte[] buf, int at, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = digits(value);
        int end = at + digits;
        int i = end;
        do {
            buf[--i] = (byte) ('0' + (value % 10));
            value /= 10;
        } while (value != 0);
        return end;
    }

    static int digits(long value) {
        int n = 1;
        while (value >= 10) {
            value /= 10;
            n++;
        }
        return n;
    }

    static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
