package io.sipgw.sip;

import java.util.Arrays;

/**
 * Where each header line of a message lies in its buffer, collected by the parser line by line and reused between
 * messages; {@link #toArray()} gives the compact form a {@link SipMessage} keeps: two ints per line, which is why a
 * head (start line and headers) is limited to 65535 bytes.
 */
public final class SipHeaderIndex {

    /** The largest head whose positions fit the index. */
    public static final int MAX_HEAD_LENGTH = 0xFFFF;

    static final int SLOTS = 2;
    static final int KIND_SHIFT = 24;
    static final int KIND_MASK = 0x7F;
    static final int NAME_MASK = (1 << KIND_SHIFT) - 1;
    static final int FOLDED = 1 << 31;

    private int[] slots = new int[SLOTS * 32];
    private int count;
    private boolean routingKnown;
    private String callId;
    private String branch;
    private String fromTag;
    private String toTag;

    /** Forgets every line and routing field, keeping the storage. */
    public void reset() {
        count = 0;
        routingKnown = false;
        callId = null;
        branch = null;
        fromTag = null;
        toTag = null;
    }

    /** Records the routing fields the parser found (each {@code null} when absent), for the message to keep. */
    public void routing(String callIdValue, String branchValue, String fromTagValue, String toTagValue) {
        this.routingKnown = true;
        this.callId = callIdValue;
        this.branch = branchValue;
        this.fromTag = fromTagValue;
        this.toTag = toTagValue;
    }

    /** The routing fields for a message: {@code null} when the parser did not record them. */
    String[] routingFields() {
        return routingKnown ? new String[] {callId, branch, fromTag, toTag} : null;
    }

    /** The number of lines recorded. */
    public int count() {
        return count;
    }

    /** Records a header line: its kind, where its name starts and where its value starts and ends. */
    public void add(SipHeaderName kind, int nameStart, int valueStart, int valueEnd) {
        int at = count * SLOTS;
        if (at + SLOTS > slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        slots[at] = kind.ordinal() << KIND_SHIFT | nameStart;
        slots[at + 1] = valueStart << 16 | valueEnd;
        count++;
    }

    /** Extends the last line's value over a folded continuation line ending at {@code valueEnd} (RFC 3261 7.3.1). */
    public void extendLast(int valueEnd) {
        int at = (count - 1) * SLOTS;
        slots[at] |= FOLDED;
        slots[at + 1] = (slots[at + 1] & 0xFFFF0000) | valueEnd;
    }

    /** The kind of line {@code i}. */
    public SipHeaderName kind(int i) {
        return SipHeaderName.byOrdinal(kindOrdinal(slots, i));
    }

    /** Where the value of line {@code i} starts. */
    public int valueStart(int i) {
        return valueStart(slots, i);
    }

    /** Where the value of line {@code i} ends. */
    public int valueEnd(int i) {
        return valueEnd(slots, i);
    }

    /** A copy of the recorded lines sized exactly, as a message keeps them. */
    public int[] toArray() {
        return Arrays.copyOf(slots, count * SLOTS);
    }

    static int kindOrdinal(int[] index, int i) {
        return (index[i * SLOTS] >>> KIND_SHIFT) & KIND_MASK;
    }

    static int nameStart(int[] index, int i) {
        return index[i * SLOTS] & NAME_MASK;
    }

    static boolean isFolded(int[] index, int i) {
        return index[i * SLOTS] < 0;
    }

    static int valueStart(int[] index, int i) {
        return index[i * SLOTS + 1] >>> 16;
    }

    static int valueEnd(int[] index, int i) {
        return index[i * SLOTS + 1] & 0xFFFF;
    }

    static void put(int[] index, int i, SipHeaderName kind, int nameStart, int valueStart, int valueEnd, boolean folded) {
        index[i * SLOTS] = (folded ? FOLDED : 0) | kind.ordinal() << KIND_SHIFT | nameStart;
        index[i * SLOTS + 1] = valueStart << 16 | valueEnd;
    }
}
