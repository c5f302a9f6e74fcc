package io.sipgw.transaction;

import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

import java.util.ArrayList;
import java.util.List;

/** Records what a transaction tells its TU, as short strings in order. */
final class RecordingListener implements ClientTransactionListener, ServerTransactionListener {

    final List<String> events = new ArrayList<>();

    @Override
    public void onResponse(SipResponse response) {
        events.add("response " + response.status());
    }

    @Override
    public void onTimeout() {
        events.add("timeout");
    }

    @Override
    public void onAck(SipRequest ack) {
        events.add("ack " + ack.cseqNumber());
    }

    @Override
    public void onAckTimeout() {
        events.add("ack timeout");
    }

    @Override
    public void onTransportError(Throwable cause) {
        events.add("transport error: " + cause.getMessage());
    }

    @Override
    public void onTerminated() {
        events.add("terminated");
    }
}
