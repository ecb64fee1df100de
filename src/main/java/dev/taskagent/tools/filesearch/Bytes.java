package dev.taskagent.tools.filesearch;

/** Small byte-array helpers written as simple loops the JIT compiles well. */
final class Bytes {

    private Bytes() {}

    static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Last index of {@code b} in {@code [from, to)}, or -1. */
    static int lastIndexOf(byte[] a, byte b, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static int count(byte[] a, byte b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += a[i] == b ? 1 : 0;
        }
        return n;
    }

    static boolean containsNul(byte[] a, int from, int to) {
        return indexOf(a, (byte) 0, from, to) >= 0;
    }
}
