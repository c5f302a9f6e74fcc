package io.sipgw.call;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Call-IDs and tags the gateway makes up; a callee-leg Call-ID carries the shard (event loop) that owns its call,
 * so that responses and in-dialog requests of either leg find the owner with no global lookup.
 */
public final class CallIds {

    private static final String PREFIX = "gw";

    private CallIds() {
    }

    /** A new callee-leg Call-ID owned by {@code shard} (RFC 3261 section 8.1.1.4: globally unique, random). */
    public static String newCallId(int shard, String host) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return PREFIX + shard + "." + Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong()) + "@" + host;
    }

    /** A tag with 64 random bits (RFC 3261 section 19.3 asks for at least 32). */
    public static String newTag() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    /** A Via branch with the RFC 3261 magic cookie (section 8.1.1.7). */
    public static String newBranch() {
        return "z9hG4bK" + newTag();
    }

    /** The shard that owns {@code callId}: the one it names when we made it, else by hash of the caller's Call-ID. */
    public static int shardOf(String callId, int shards) {
        if (callId.startsWith(PREFIX)) {
            int dot = callId.indexOf('.');
            if (dot > PREFIX.length() && dot <= PREFIX.length() + 4) {
                int n = 0;
                boolean digits = true;
                for (int i = PREFIX.length(); i < dot; i++) {
                    char c = callId.charAt(i);
                    digits &= c >= '0' && c <= '9';
                    n = n * 10 + (c - '0');
                }
                if (digits && n < shards) {
                    return n;
                }
            }
        }
        return Math.floorMod(callId.hashCode(), shards);
    }
}
