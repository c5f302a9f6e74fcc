package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

import static io.sipgw.transaction.Step.to;

/**
 * A non-INVITE server transaction (RFC 3261 section 17.2.2): answers a retransmitted request with the last response
 * and keeps that response for Timer J over unreliable transports.
 */
public final class ServerNonInviteTransaction
        extends AbstractTransaction<ServerNonInviteTransaction.State, ServerNonInviteTransaction.Input,
                ServerNonInviteTransaction.Action>
        implements ServerTransaction {

    /** The states of RFC 3261 Figure 8. */
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    enum Input { REQUEST, PROVISIONAL, FINAL, TIMER_J, TRANSPORT_ERROR }

    enum Action { NONE, SEND, REFUSE, RESEND_LAST, REPORT_TRANSPORT_ERROR }

    private final ServerTransactionListener listener;
    private final TimerSlot timerJ = timer(Input.TIMER_J);

    ServerNonInviteTransaction(TransactionTable table, TransactionKey key, SipRequest request,
                               TransactionTransport transport, ServerTransactionListener listener) {
        super(table, key, request, transport, State.TRYING, State.TERMINATED, Input.TRANSPORT_ERROR);
        this.listener = listener;
    }

    @Override
    public void receive(SipRequest request) {
        fire(Input.REQUEST, request, null);
    }

    @Override
    public boolean respond(SipResponse response) {
        return fire(response.isProvisional() ? Input.PROVISIONAL : Input.FINAL, response, null) != Action.REFUSE;
    }

    // ---------------------------------------------------------------- one method per state (RFC 3261 17.2.2)

    @Override
    Step<State, Action> transition(State current, Input input) {
        return switch (current) {
            case TRYING -> trying(input);
            case PROCEEDING -> proceeding(input);
            case COMPLETED -> completed(input);
            case TERMINATED -> to(State.TERMINATED, isResponse(input) ? Action.REFUSE : Action.NONE);
        };
    }

    /** Retransmissions of the request are discarded: there is nothing to answer them with yet. */
    private static Step<State, Action> trying(Input input) {
        return switch (input) {
            case PROVISIONAL -> to(State.PROCEEDING, Action.SEND);
            case FINAL -> to(State.COMPLETED, Action.SEND);
            default -> to(State.TRYING, Action.NONE);
        };
    }

    /** RFC 6026 section 8.8 (updating RFC 3261 17.2.4): a transport error is reported; the state stays. */
    private static Step<State, Action> proceeding(Input input) {
        return switch (input) {
            case REQUEST -> to(State.PROCEEDING, Action.RESEND_LAST);
            case PROVISIONAL -> to(State.PROCEEDING, Action.SEND);
            case FINAL -> to(State.COMPLETED, Action.SEND);
            case TRANSPORT_ERROR -> to(State.PROCEEDING, Action.REPORT_TRANSPORT_ERROR);
            default -> to(State.PROCEEDING, Action.NONE);
        };
    }

    private static Step<State, Action> completed(Input input) {
        return switch (input) {
            case REQUEST -> to(State.COMPLETED, Action.RESEND_LAST);
            case PROVISIONAL, FINAL -> to(State.COMPLETED, Action.REFUSE);
            case TIMER_J -> to(State.TERMINATED, Action.NONE);
            case TRANSPORT_ERROR -> to(State.COMPLETED, Action.REPORT_TRANSPORT_ERROR);
        };
    }

    private static boolean isResponse(Input input) {
        return input == Input.PROVISIONAL || input == Input.FINAL;
    }

    // ---------------------------------------------------------------- actions and entries

    @Override
    void perform(Action action, SipMessage message, Throwable cause) {
        switch (action) {
            case NONE -> { }
            case SEND -> {
                replaceLast(message);
                send(message);
            }
            case REFUSE -> message.release();
            case RESEND_LAST -> send(last());
            case REPORT_TRANSPORT_ERROR -> listener.onTransportError(cause);
        }
    }

    @Override
    void enter(State entered) {
        // Trying and Proceeding have no timers; Terminated is AbstractTransaction's.
        if (entered == State.COMPLETED) {
            timerJ.start(timers.timerJ(reliable));
            // Retransmitted requests get last(); the request itself is needed no more.
            releaseRequest();
        }
    }

    @Override
    void notifyTerminated() {
        listener.onTerminated();
    }
}
