package io.sipgw.fuzz;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs one fuzz property over many generated inputs and, when it fails, shrinks the input and reports it as a Java
 * string literal together with the seed that reproduces the run ({@code -Dsipgw.fuzz.seed=...}).
 *
 * <p>A run is deterministic for a seed: case {@code i} gets its own case seed, which both generates the input and
 * drives any further random choice the property makes (such as where to split a stream), so a shrunk input is
 * checked with the same choices. {@code -Dsipgw.fuzz.scale=0.1} runs a tenth of the cases, for a quick local check.
 */
final class FuzzProperty {

    /** The check applied to one input: returns what kind of input it was; anything thrown falsifies the property. */
    interface Check {
        String apply(byte[] input, SplittableRandom choices) throws Exception;
    }

    private static final int MAX_SHRINK_ATTEMPTS = 4000;

    private final String name;
    private final long seed;
    private final int cases;

    private FuzzProperty(String name, long seed, int cases) {
        this.name = name;
        this.seed = seed;
        this.cases = cases;
    }

    /** A property over {@code cases} inputs, scaled and seeded by the system properties when they are set. */
    static FuzzProperty named(String name, int cases) {
        String seedText = System.getProperty("sipgw.fuzz.seed");
        long seed = seedText != null ? Long.parseLong(seedText) : new SplittableRandom().nextLong();
        double scale = Double.parseDouble(System.getProperty("sipgw.fuzz.scale", "1"));
        return new FuzzProperty(name, seed, Math.max(1, (int) (cases * scale)));
    }

    /**
     * Checks {@code check} on every generated input; returns how many inputs of each kind there were, for the
     * caller to make sure that the inputs reach what the property is about.
     */
    Map<String, Integer> run(Function<SplittableRandom, byte[]> generator, Check check) {
        Map<String, Integer> kinds = new TreeMap<>();
        SplittableRandom caseSeeds = new SplittableRandom(seed);
        for (int i = 0; i < cases; i++) {
            long caseSeed = caseSeeds.nextLong();
            byte[] input = generator.apply(new SplittableRandom(caseSeed));
            String kind;
            try {
                kind = check.apply(input, new SplittableRandom(caseSeed));
            } catch (Throwable failure) {
                throw report(i, caseSeed, input, failure, check);
            }
            kinds.merge(kind, 1, Integer::sum);
        }
        return kinds;
    }

    private static Throwable failure(Check check, byte[] input, long caseSeed) {
        try {
            check.apply(input, new SplittableRandom(caseSeed));
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private AssertionError report(int index, long caseSeed, byte[] input, Throwable failure, Check check) {
        byte[] shrunk = shrink(input, caseSeed, failure.getClass(), check);
        Throwable shrunkFailure = failure(check, shrunk, caseSeed);
        AssertionError error = new AssertionError(name + " falsified by input " + index + " of " + cases
                + " (rerun with -Dsipgw.fuzz.seed=" + seed + "):\n  " + shrunkFailure
                + "\nshrunk input (" + shrunk.length + " bytes):\n  " + javaLiteral(shrunk)
                + "\noriginal input (" + input.length + " bytes):\n  " + javaLiteral(input),
                shrunkFailure);
        error.addSuppressed(failure);
        return error;
    }

    /**
     * Removes ever smaller ranges of bytes while the check still fails with the same kind of throwable: a greedy
     * reduction, enough to turn a mutated INVITE into the few lines that matter.
     */
    private static byte[] shrink(byte[] input, long caseSeed, Class<?> kind, Check check) {
        byte[] current = input;
        int attempts = 0;
        for (int chunk = Math.max(1, current.length / 2); chunk >= 1 && attempts < MAX_SHRINK_ATTEMPTS; chunk /= 2) {
            int at = 0;
            while (at < current.length && attempts < MAX_SHRINK_ATTEMPTS) {
                int end = Math.min(current.length, at + chunk);
                byte[] candidate = new byte[current.length - (end - at)];
                System.arraycopy(current, 0, candidate, 0, at);
                System.arraycopy(current, end, candidate, at, current.length - end);
                attempts++;
                Throwable t = failure(check, candidate, caseSeed);
                if (t != null && t.getClass() == kind) {
                    current = candidate;
                } else {
                    at += chunk;
                }
            }
        }
        return current;
    }

    /** The bytes as a Java string literal (ISO-8859-1, so each char is one byte), ready to paste into a test. */
    static String javaLiteral(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 16).append('"');
        for (byte value : bytes) {
            int c = value & 0xFF;
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n\"\n  + \"");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
