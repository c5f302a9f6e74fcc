package io.sipgw.transport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One DNS SRV record (RFC 2782), and the order in which a client tries a set of them.
 *
 * @param priority lower is tried first
 * @param weight   the relative share among records of the same priority
 * @param port     the port of the service on the target
 * @param target   the host name, without the trailing dot; {@code ""} for "." (service not available)
 */
record SrvRecord(int priority, int weight, int port, String target) {

    /** Whether the record says that the service is decidedly not available at the domain (target "."). */
    boolean isUnavailable() {
        return target.isEmpty();
    }

    /**
     * The records in the order to try them, per the "Usage rules" of RFC 2782: ascending priority; within one
     * priority, a weighted random permutation in which each step picks a record with a chance proportional to its
     * weight (weight-0 records first in the running sum, so they are picked rarely, but are picked).
     */
    static List<SrvRecord> inSelectionOrder(List<SrvRecord> records, RandomGenerator random) {
        List<SrvRecord> sorted = new ArrayList<>(records);
        // Stable sort: weight-0 records go first within their priority, as RFC 2782 asks.
        sorted.sort(Comparator.comparingInt(SrvRecord::priority).thenComparing(r -> r.weight() != 0));
        List<SrvRecord> ordered = new ArrayList<>(sorted.size());
        int start = 0;
        while (start < sorted.size()) {
            int end = start;
            while (end < sorted.size() && sorted.get(end).priority() == sorted.get(start).priority()) {
                end++;
            }
            List<SrvRecord> group = new ArrayList<>(sorted.subList(start, end));
            while (!group.isEmpty()) {
                ordered.add(group.remove(pick(group, random)));
            }
            start = end;
        }
        return ordered;
    }

    /** The index of the first record whose running sum of weights reaches a random number in [0, sum]. */
    private static int pick(List<SrvRecord> group, RandomGenerator random) {
        long sum = 0;
        for (SrvRecord record : group) {
            sum += record.weight();
        }
        long chosen = random.nextLong(sum + 1);
        long running = 0;
        for (int i = 0; i < group.size(); i++) {
            running += group.get(i).weight();
            if (running >= chosen) {
                return i;
            }
        }
        return group.size() - 1; // unreachable: the last running sum equals the sum
    }
}
