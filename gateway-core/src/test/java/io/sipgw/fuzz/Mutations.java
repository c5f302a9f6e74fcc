package io.sipgw.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutates valid messages into near-valid ones, the inputs a parser gets wrong: flipped and inserted bytes, deleted
 * and duplicated ranges, lines spliced from another message, numbers replaced by boundary values, stray CR, LF, NUL
 * and high bytes, truncation at line and field boundaries, folded headers, compact header names.
 */
final class Mutations {

    /** Numbers at the edges of int, long and the SIP ranges (Max-Forwards, ports, CSeq). */
    private static final String[] BOUNDARY_NUMBERS = {
        "-1", "0", "1", "00", "255", "256", "65535", "65536", "2147483647", "2147483648", "-2147483648",
        "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "99999999999999999999999999999999", "000000000000000000000000000000042", "+1", "1.5", "1e3", "0x10", "",
    };

    /** Bytes that end lines, end strings, or are not text. */
    private static final String[] STRAY = {
        "\r", "\n", "\r\n", "\r\n\r\n", "\n\n", "\u0000", "\u0080", "\u00ff", "\u00c3", "\t", " ", "\r\n ",
        "\u007f", "\u0001", ";", ",", ":", "<", ">", "\"", "\\", "[", "]", "@", "=", "%", "%00", "\u00e2\u0080",
    };

    /** Long header names and their compact forms (RFC 3261 section 7.3.3, RFC 3265, RFC 3515). */
    private static final String[][] COMPACT = {
        {"Via", "v"}, {"From", "f"}, {"To", "t"}, {"Call-ID", "i"}, {"Contact", "m"}, {"Content-Length", "l"},
        {"Content-Type", "c"}, {"Subject", "s"}, {"Supported", "k"}, {"Content-Encoding", "e"}, {"Event", "o"},
        {"Refer-To", "r"}, {"Allow-Events", "u"},
    };

    private Mutations() {
    }

    /** One to four mutations of {@code seed}; {@code donors} supply lines to splice in. */
    static byte[] mutate(SplittableRandom rnd, byte[] seed, List<byte[]> donors) {
        byte[] out = seed;
        int rounds = 1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(4) : rnd.nextInt(2));
        for (int i = 0; i < rounds; i++) {
            out = mutateOnce(rnd, out, donors);
        }
        return out;
    }

    private static byte[] mutateOnce(SplittableRandom rnd, byte[] in, List<byte[]> donors) {
        switch (rnd.nextInt(14)) {
            case 0:
                return flip(rnd, in);
            case 1:
                return insert(in, rnd.nextInt(in.length + 1), randomBytes(rnd, 1 + rnd.nextInt(8)));
            case 2:
                return deleteRange(rnd, in);
            case 3:
                return duplicateRange(rnd, in);
            case 4:
                return spliceLine(rnd, in, donors.get(rnd.nextInt(donors.size())));
            case 5:
            case 6:
                return replaceNumber(rnd, in);
            case 7:
                return insert(in, rnd.nextInt(in.length + 1), ascii(STRAY[rnd.nextInt(STRAY.length)]));
            case 8:
                return truncate(rnd, in);
            case 9:
                return fold(rnd, in);
            case 10:
                return renameHeader(rnd, in);
            case 11:
                return lineOperation(rnd, in);
            case 12:
                return changeLineEnds(rnd, in);
            default:
                return insertAtBoundary(rnd, in);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] flip(SplittableRandom rnd, byte[] in) {
        if (in.length == 0) {
            return in;
        }
        byte[] out = in.clone();
        int at = rnd.nextInt(out.length);
        out[at] = rnd.nextBoolean() ? (byte) (out[at] ^ (1 << rnd.nextInt(8))) : (byte) rnd.nextInt(256);
        return out;
    }

    private static byte[] randomBytes(SplittableRandom rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) rnd.nextInt(256);
        }
        return b;
    }

    static byte[] insert(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    static byte[] replace(byte[] in, int from, int to, byte[] what) {
        byte[] out = new byte[in.length - (to - from) + what.length];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(what, 0, out, from, what.length);
        System.arraycopy(in, to, out, from + what.length, in.length - to);
        return out;
    }

    private static byte[] deleteRange(SplittableRandom rnd, byte[] in) {
        if (in.length == 0) {
            return in;
        }
        int from = rnd.nextInt(in.length);
        int len = 1 + rnd.nextInt(Math.min(in.length - from, rnd.nextBoolean() ? 4 : 64));
        return replace(in, from, from + len, new byte[0]);
    }

    private static byte[] duplicateRange(SplittableRandom rnd, byte[] in) {
        if (in.length == 0) {
            return in;
        }
        int from = rnd.nextInt(in.length);
        int len = 1 + rnd.nextInt(Math.min(in.length - from, 128));
        byte[] range = new byte[len];
        System.arraycopy(in, from, range, 0, len);
        int copies = rnd.nextInt(16) == 0 ? 2 + rnd.nextInt(60) : 1;
        ByteArrayOutputStream repeated = new ByteArrayOutputStream(len * copies);
        for (int i = 0; i < copies; i++) {
            repeated.writeBytes(range);
        }
        return insert(in, from + len, repeated.toByteArray());
    }

    /** Start offsets of the lines of {@code in} (after each LF), 0 included. */
    private static List<Integer> lineStarts(byte[] in) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n' && i + 1 < in.length) {
                starts.add(i + 1);
            }
        }
        return starts;
    }

    /** The end of the line starting at {@code start}, just after its LF (or the end of the input). */
    private static int lineEnd(byte[] in, int start) {
        int i = start;
        while (i < in.length && in[i] != '\n') {
            i++;
        }
        return Math.min(in.length, i + 1);
    }

    private static byte[] spliceLine(SplittableRandom rnd, byte[] in, byte[] donor) {
        List<Integer> donorLines = lineStarts(donor);
        int ds = donorLines.get(rnd.nextInt(donorLines.size()));
        int de = lineEnd(donor, ds);
        if (rnd.nextInt(4) == 0) {
            de = lineEnd(donor, de < donor.length ? de : ds);
        }
        byte[] line = new byte[de - ds];
        System.arraycopy(donor, ds, line, 0, line.length);
        List<Integer> lines = lineStarts(in);
        int at = lines.get(rnd.nextInt(lines.size()));
        if (rnd.nextBoolean()) {
            return replace(in, at, lineEnd(in, at), line);
        }
        return insert(in, at, line);
    }

    private static byte[] replaceNumber(SplittableRandom rnd, byte[] in) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i] >= '0' && in[i] <= '9') {
                int start = i;
                while (i < in.length && in[i] >= '0' && in[i] <= '9') {
                    i++;
                }
                runs.add(new int[] {start, i});
            }
        }
        if (runs.isEmpty()) {
            return flip(rnd, in);
        }
        int[] run = runs.get(rnd.nextInt(runs.size()));
        String number = BOUNDARY_NUMBERS[rnd.nextInt(BOUNDARY_NUMBERS.length)];
        if (rnd.nextInt(8) == 0) {
            number = " " + number + " ";
        }
        return replace(in, run[0], run[1], ascii(number));
    }

    /** Cuts the input at a line end, inside a CRLF, at a colon, at a space, or at the blank line. */
    private static byte[] truncate(SplittableRandom rnd, byte[] in) {
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\n' || b == '\r' || b == ':' || b == ' ' || b == ';' || b == '<' || b == '>') {
                cuts.add(i);
                cuts.add(i + 1);
            }
        }
        if (cuts.isEmpty()) {
            return in;
        }
        int cut = cuts.get(rnd.nextInt(cuts.size()));
        byte[] out = new byte[cut];
        System.arraycopy(in, 0, out, 0, cut);
        return out;
    }

    /** Folds a header line (RFC 3261 section 7.3.1): a space becomes CRLF plus whitespace. */
    private static byte[] fold(SplittableRandom rnd, byte[] in) {
        List<Integer> spaces = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == ' ' || in[i] == ',' || in[i] == ';') {
                spaces.add(i);
            }
        }
        if (spaces.isEmpty()) {
            return in;
        }
        int at = spaces.get(rnd.nextInt(spaces.size()));
        String[] folds = {"\r\n ", "\r\n\t", "\n ", "\r\n  \t ", "\r\n\r\n ", "\r\n"};
        String fold = folds[rnd.nextInt(folds.length)];
        return in[at] == ' ' ? replace(in, at, at + 1, ascii(fold)) : insert(in, at + 1, ascii(fold));
    }

    /** Renames a header: its compact form, its long form, other case, or a space before the colon. */
    private static byte[] renameHeader(SplittableRandom rnd, byte[] in) {
        List<Integer> lines = lineStarts(in);
        int start = lines.get(rnd.nextInt(lines.size()));
        int colon = start;
        while (colon < in.length && in[colon] != ':' && in[colon] != '\n') {
            colon++;
        }
        if (colon >= in.length || in[colon] != ':') {
            return in;
        }
        String name = new String(in, start, colon - start, StandardCharsets.ISO_8859_1);
        String renamed = null;
        for (String[] pair : COMPACT) {
            if (pair[0].equalsIgnoreCase(name.trim())) {
                renamed = pair[1];
            } else if (pair[1].equalsIgnoreCase(name.trim())) {
                renamed = pair[0];
            }
        }
        switch (rnd.nextInt(4)) {
            case 0 -> renamed = name.toUpperCase(java.util.Locale.ROOT);
            case 1 -> renamed = name + (rnd.nextBoolean() ? " " : "\t");
            default -> {
                if (renamed == null) {
                    renamed = name.toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return replace(in, start, colon, ascii(renamed));
    }

    /** Deletes, duplicates or swaps whole lines. */
    private static byte[] lineOperation(SplittableRandom rnd, byte[] in) {
        List<Integer> lines = lineStarts(in);
        int a = lines.get(rnd.nextInt(lines.size()));
        int aEnd = lineEnd(in, a);
        switch (rnd.nextInt(3)) {
            case 0:
                return replace(in, a, aEnd, new byte[0]);
            case 1: {
                byte[] line = new byte[aEnd - a];
                System.arraycopy(in, a, line, 0, line.length);
                return insert(in, aEnd, line);
            }
            default: {
                int b = lines.get(rnd.nextInt(lines.size()));
                if (b == a) {
                    return in;
                }
                int first = Math.min(a, b);
                int second = Math.max(a, b);
                int firstEnd = lineEnd(in, first);
                int secondEnd = lineEnd(in, second);
                ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
                out.write(in, 0, first);
                out.write(in, second, secondEnd - second);
                out.write(in, firstEnd, second - firstEnd);
                out.write(in, first, firstEnd - first);
                out.write(in, secondEnd, in.length - secondEnd);
                return out.toByteArray();
            }
        }
    }

    /** CRLF to bare LF or bare CR everywhere, or from a random point on. */
    private static byte[] changeLineEnds(SplittableRandom rnd, byte[] in) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        int from = rnd.nextBoolean() ? 0 : rnd.nextInt(s.length() + 1);
        String tail = s.substring(from);
        tail = switch (rnd.nextInt(3)) {
            case 0 -> tail.replace("\r\n", "\n");
            case 1 -> tail.replace("\r\n", "\r");
            default -> tail.replace("\r\n", "\n\r");
        };
        return ascii(s.substring(0, from) + tail);
    }

    /** Inserts a stray byte right where the grammar is most sensitive: beside a separator. */
    private static byte[] insertAtBoundary(SplittableRandom rnd, byte[] in) {
        List<Integer> boundaries = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == ':' || b == ';' || b == ',' || b == '<' || b == '>' || b == '@' || b == '=' || b == '/'
                    || b == '\r' || b == '[' || b == ']') {
                boundaries.add(rnd.nextBoolean() ? i : i + 1);
            }
        }
        if (boundaries.isEmpty()) {
            return in;
        }
        return insert(in, boundaries.get(rnd.nextInt(boundaries.size())), ascii(STRAY[rnd.nextInt(STRAY.length)]));
    }
}
