package io.sipgw.sip;

import java.util.Arrays;

/**
 * Where each header line of a message lies in its buffer, collected by the parser line by line and reused between
 * messages; {@link #toArray()} gives the compact form a {@link SipMessage} keeps.
 */
public final class SipHeaderIndex {

    private int[] slots = new int[SipMessage.SLOTS * 32];
    private int count;

    /** Forgets every line, keeping the storage. */
    public void reset() {
        count = 0;
    }

    /** The number of lines recorded. */
    public int count() {
        return count;
    }

    /** Records a header line: its kind, where its name starts and where its value starts and ends. */
    public void add(SipHeaderName kind, int nameStart, int valueStart, int valueEnd) {
        int at = count * SipMessage.SLOTS;
        if (at + SipMessage.SLOTS > slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        slots[at] = kind.ordinal() << SipMessage.KIND_SHIFT | nameStart;
        slots[at + 1] = valueStart;
        slots[at + 2] = valueEnd;
        count++;
    }

    /** Extends the last line's value over a folded continuation line ending at {@code valueEnd} (RFC 3261 7.3.1). */
    public void extendLast(int valueEnd) {
        slots[(count - 1) * SipMessage.SLOTS + 2] = valueEnd | SipMessage.FOLDED;
    }

    /** The kind of line {@code i}. */
    public SipHeaderName kind(int i) {
        return SipHeaderName.byOrdinal(slots[i * SipMessage.SLOTS] >>> SipMessage.KIND_SHIFT);
    }

    /** Where the value of line {@code i} starts. */
    public int valueStart(int i) {
        return slots[i * SipMessage.SLOTS + 1];
    }

    /** Where the value of line {@code i} ends. */
    public int valueEnd(int i) {
        return slots[i * SipMessage.SLOTS + 2] & ~SipMessage.FOLDED;
    }

    /** Whether line {@code i} was folded over several lines. */
    public boolean isFolded(int i) {
        return slots[i * SipMessage.SLOTS + 2] < 0;
    }

    /** A copy of the recorded lines sized exactly, as a message keeps them. */
    public int[] toArray() {
        return Arrays.copyOf(slots, count * SipMessage.SLOTS);
    }
}
