package io.sipgw.call;

import java.util.HashMap;
import java.util.Map;

/**
 * The calls of one event loop by the Call-ID of either leg; a plain map, touched only by its loop (DESIGN: no
 * locks on the call path). The one place call state is kept, so a distributed store can replace it later.
 */
public final class CallTable {

    private final Map<String, Call> byCallId = new HashMap<>();

    /** The call with a leg of this Call-ID, or null. */
    public Call find(String callId) {
        return callId == null ? null : byCallId.get(callId);
    }

    void add(Call call) {
        byCallId.put(call.callerCallId(), call);
        byCallId.put(call.calleeCallId(), call);
    }

    void remove(Call call) {
        byCallId.remove(call.callerCallId(), call);
        byCallId.remove(call.calleeCallId(), call);
    }

    /** The number of live calls. */
    public int size() {
        return byCallId.size() / 2;
    }
}
