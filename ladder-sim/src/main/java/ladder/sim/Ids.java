package ladder.sim;

import java.util.concurrent.atomic.AtomicLong;

/** Makes unique, API-looking ids ({@code msg_}, {@code toolu_}, {@code req_}, {@code msgbatch_}). */
final class Ids {

    private static final char[] ALPHABET =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final long salt;
    private final AtomicLong counter = new AtomicLong();

    Ids(long salt) {
        this.salt = salt;
    }

    /** A new id with {@code prefix}, e.g. {@code msg_01Sim...}. */
    String next(String prefix) {
        long n = counter.incrementAndGet();
        long x = mix(n ^ salt);
        long y = mix(x + n);
        StringBuilder b = new StringBuilder(prefix).append("01Sim");
        for (int i = 0; i < 10; i++) {
            b.append(ALPHABET[(int) Long.remainderUnsigned(x, ALPHABET.length)]);
            x = Long.divideUnsigned(x, ALPHABET.length);
        }
        for (int i = 0; i < 9; i++) {
            b.append(ALPHABET[(int) Long.remainderUnsigned(y, ALPHABET.length)]);
            y = Long.divideUnsigned(y, ALPHABET.length);
        }
        return b.toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
