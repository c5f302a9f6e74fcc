package io.sipgw.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An immutable list of IPv4 and IPv6 networks ({@code addr/len}) that tells whether an address lies in one. */
public final class CidrAllowList {

    private static final CidrAllowList EMPTY = new CidrAllowList(List.of());

    private final List<Block> blocks;

    private CidrAllowList(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** The list that contains no address. */
    public static CidrAllowList empty() {
        return EMPTY;
    }

    /**
     * Parses networks separated by commas and/or whitespace, e.g. {@code "31.13.64.0/18, 2a03:2880::/32"}.
     * A bare address stands for itself (/32 or /128). Host bits below the prefix are cleared, so
     * {@code 10.1.2.3/8} means {@code 10.0.0.0/8}.
     *
     * @throws IllegalArgumentException naming the first entry that is not a network
     */
    public static CidrAllowList parse(String spec) {
        List<Block> parsed = new ArrayList<>();
        for (String entry : spec.trim().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                parsed.add(Block.parse(entry));
            }
        }
        return new CidrAllowList(parsed);
    }

    /**
     * Parses an IPv4 or IPv6 literal without ever asking DNS, which {@link InetAddress#getByName} may do.
     *
     * @throws IllegalArgumentException when {@code literal} is not an address
     */
    public static InetAddress parseAddress(String literal) {
        byte[] bytes = addressBytes(literal);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
        return toInetAddress(bytes);
    }

    /** Whether {@code address} lies in one of the networks; an IPv4-mapped IPv6 address is matched as IPv4. */
    public boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        byte[] mappedV4 = ipv4Mapped(bytes);
        for (Block block : blocks) {
            if (block.matches(bytes) || (mappedV4 != null && block.matches(mappedV4))) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** The networks in canonical {@code addr/len} form, in the order given. */
    public List<String> networks() {
        List<String> out = new ArrayList<>(blocks.size());
        for (Block block : blocks) {
            out.add(block.toString());
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrAllowList && ((CidrAllowList) o).blocks.equals(blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    /** Comma-separated canonical networks, parseable again by {@link #parse}. */
    @Override
    public String toString() {
        return String.join(",", networks());
    }

    /** One network: its address with the host bits cleared, and the prefix length. */
    private static final class Block {
        private final byte[] network;
        private final int prefixLength;

        private Block(byte[] network, int prefixLength) {
            this.network = network;
            this.prefixLength = prefixLength;
        }

        static Block parse(String entry) {
            int slash = entry.indexOf('/');
            String addressPart = slash < 0 ? entry : entry.substring(0, slash);
            byte[] address = addressBytes(addressPart);
            if (address == null) {
                throw new IllegalArgumentException("'" + entry + "' does not start with an IPv4 or IPv6 address");
            }
            int maxLength = address.length * 8;
            int length = maxLength;
            if (slash >= 0) {
                length = parseDecimal(entry.substring(slash + 1), maxLength);
                if (length < 0) {
                    throw new IllegalArgumentException(
                            "'" + entry + "' has a prefix length that is not a number from 0 to " + maxLength);
                }
            }
            byte[] mappedV4 = ipv4Mapped(address);
            if (mappedV4 != null && length >= 96) {
                // Java reports such peers as IPv4 addresses, so the block is kept in that family.
                address = mappedV4;
                length -= 96;
            }
            clearHostBits(address, length);
            return new Block(address, length);
        }

        boolean matches(byte[] candidate) {
            if (candidate.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int restBits = prefixLength % 8;
            if (restBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - restBits)) & 0xFF;
            return (candidate[fullBytes] & mask) == (network[fullBytes] & 0xFF);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Block && ((Block) o).prefixLength == prefixLength
                    && Arrays.equals(((Block) o).network, network);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(network) + prefixLength;
        }

        @Override
        public String toString() {
            return (network.length == 4 ? formatIpv4(network) : formatIpv6(network)) + "/" + prefixLength;
        }
    }

    private static String formatIpv4(byte[] bytes) {
        return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
    }

    /** RFC 5952 text: lower-case hex, the longest run of two or more zero groups written as "::". */
    private static String formatIpv6(byte[] bytes) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(words[i]));
        }
        return out.toString();
    }

    private static void clearHostBits(byte[] address, int prefixLength) {
        for (int bit = prefixLength; bit < address.length * 8; bit++) {
            address[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
    }

    private static InetAddress toInetAddress(byte[] bytes) {
        try {
            // getByAddress never consults DNS; the length is always 4 or 16 here.
            return InetAddress.getByAddress(bytes.clone());
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** The IPv4 address inside {@code ::ffff:a.b.c.d} (RFC 4291 2.5.5.2), or null. */
    private static byte[] ipv4Mapped(byte[] bytes) {
        if (bytes.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        if (bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
            return null;
        }
        return Arrays.copyOfRange(bytes, 12, 16);
    }

    /** 4 or 16 bytes for a strict IPv4 dotted quad or RFC 4291 IPv6 text form, null for anything else. */
    private static byte[] addressBytes(String text) {
        if (text.indexOf(':') >= 0) {
            return ipv6Bytes(text);
        }
        return ipv4Bytes(text);
    }

    private static byte[] ipv4Bytes(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            // Leading zeros are refused: some parsers read "010" as octal, so its meaning is ambiguous.
            if (parts[i].length() > 1 && parts[i].charAt(0) == '0') {
                return null;
            }
            int value = parseDecimal(parts[i], 255);
            if (value < 0) {
                return null;
            }
            out[i] = (byte) value;
        }
        return out;
    }

    private static byte[] ipv6Bytes(String text) {
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        List<String> head = groups(doubleColon < 0 ? text : text.substring(0, doubleColon));
        List<String> tail = doubleColon < 0 ? List.of() : groups(text.substring(doubleColon + 2));
        if (head == null || tail == null) {
            return null;
        }
        List<Integer> words = new ArrayList<>(8);
        List<Integer> tailWords = new ArrayList<>(8);
        if (!appendWords(head, words, doubleColon < 0)
                || !appendWords(tail, tailWords, true)) {
            return null;
        }
        int total = words.size() + tailWords.size();
        if (doubleColon < 0 ? total != 8 : total > 7) {
            return null;
        }
        while (doubleColon >= 0 && words.size() + tailWords.size() < 8) {
            words.add(0);
        }
        words.addAll(tailWords);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (words.get(i) >>> 8);
            out[2 * i + 1] = (byte) (int) words.get(i);
        }
        return out;
    }

    /** The colon-separated groups of one side of "::" (empty side: no groups), or null for an empty group. */
    private static List<String> groups(String side) {
        if (side.isEmpty()) {
            return List.of();
        }
        String[] parts = side.split(":", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                return null;
            }
        }
        return List.of(parts);
    }

    /** Appends 16-bit words; only the last group of the address may be a dotted IPv4 (two words). */
    private static boolean appendWords(List<String> groups, List<Integer> words, boolean lastSideOfAddress) {
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            if (group.indexOf('.') >= 0) {
                byte[] v4 = lastSideOfAddress && i == groups.size() - 1 ? ipv4Bytes(group) : null;
                if (v4 == null) {
                    return false;
                }
                words.add(((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF));
                words.add(((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF));
                continue;
            }
            if (group.length() > 4) {
                return false;
            }
            int word = 0;
            for (int c = 0; c < group.length(); c++) {
                int digit = Character.digit(group.charAt(c), 16);
                if (digit < 0) {
                    return false;
                }
                word = (word << 4) | digit;
            }
            words.add(word);
        }
        return true;
    }

    /** A decimal number from 0 to {@code max} written with ASCII digits only, or -1. */
    private static int parseDecimal(String text, int max) {
        if (text.isEmpty() || text.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
