package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

import java.time.Duration;

import static io.sipgw.transaction.Step.to;

/**
 * An INVITE client transaction (RFC 3261 section 17.1.1 with the Accepted state of RFC 6026 section 7.2): sends the
 * INVITE, repeats it on Timer A over unreliable transports, ACKs a 3xx-6xx response itself, and passes every 2xx to
 * the TU, whose own ACK acknowledges it.
 */
public final class ClientInviteTransaction
        extends AbstractTransaction<ClientInviteTransaction.State, ClientInviteTransaction.Input,
                ClientInviteTransaction.Action>
        implements ClientTransaction {

    /** The states of RFC 3261 Figure 5, with Accepted from RFC 6026. */
    public enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    enum Input { PROVISIONAL, SUCCESS, FAILURE, TIMER_A, TIMER_B, TIMER_D, TIMER_M, TRANSPORT_ERROR }

    enum Action { NONE, PASS_TO_TU, ACK_AND_PASS_TO_TU, RESEND_ACK, RETRANSMIT, REPORT_TIMEOUT, REPORT_TRANSPORT_ERROR }

    private final ClientTransactionListener listener;
    private final TimerSlot timerA = timer(Input.TIMER_A);
    private final TimerSlot timerB = timer(Input.TIMER_B);
    private final TimerSlot timerD = timer(Input.TIMER_D);
    private final TimerSlot timerM = timer(Input.TIMER_M);
    private Duration intervalA;

    ClientInviteTransaction(TransactionTable table, TransactionKey key, SipRequest invite,
                            TransactionTransport transport, ClientTransactionListener listener) {
        super(table, key, invite, transport, State.CALLING, State.TERMINATED, Input.TRANSPORT_ERROR);
        this.listener = listener;
    }

    @Override
    public void receive(SipResponse response) {
        int status = response.status();
        fire(status < 200 ? Input.PROVISIONAL : status < 300 ? Input.SUCCESS : Input.FAILURE, response, null);
    }

    /**
     * The CANCEL of this INVITE (RFC 3261 section 9.1), for a non-INVITE client transaction of its own; the caller
     * owns it. Send it only once a provisional response has arrived (state {@link State#PROCEEDING}).
     */
    public SipRequest newCancel() {
        return HopByHopRequests.cancel(request(), table.alloc());
    }

    /**
     * Ends the transaction without a final response, releasing what it holds: RFC 3261 section 9.1 lets the UAC do
     * so when its CANCEL got no final response to the INVITE within 64*T1. Does nothing once terminated.
     */
    public void giveUp() {
        abandon();
    }

    // ---------------------------------------------------------------- one method per state (RFC 3261 17.1.1.2)

    @Override
    Step<State, Action> transition(State current, Input input) {
        return switch (current) {
            case CALLING -> calling(input);
            case PROCEEDING -> proceeding(input);
            case COMPLETED -> completed(input);
            case ACCEPTED -> accepted(input);
            case TERMINATED -> to(State.TERMINATED, Action.NONE);
        };
    }

    private static Step<State, Action> calling(Input input) {
        return switch (input) {
            case PROVISIONAL -> to(State.PROCEEDING, Action.PASS_TO_TU);
            case SUCCESS -> to(State.ACCEPTED, Action.PASS_TO_TU);
            case FAILURE -> to(State.COMPLETED, Action.ACK_AND_PASS_TO_TU);
            case TIMER_A -> to(State.CALLING, Action.RETRANSMIT);
            case TIMER_B -> to(State.TERMINATED, Action.REPORT_TIMEOUT);
            case TRANSPORT_ERROR -> to(State.TERMINATED, Action.REPORT_TRANSPORT_ERROR);
            default -> to(State.CALLING, Action.NONE);
        };
    }

    /** No retransmissions and no Timer B: ringing may last longer than 64*T1, and the TU has its own limit. */
    private static Step<State, Action> proceeding(Input input) {
        return switch (input) {
            case PROVISIONAL -> to(State.PROCEEDING, Action.PASS_TO_TU);
            case SUCCESS -> to(State.ACCEPTED, Action.PASS_TO_TU);
            case FAILURE -> to(State.COMPLETED, Action.ACK_AND_PASS_TO_TU);
            case TRANSPORT_ERROR -> to(State.TERMINATED, Action.REPORT_TRANSPORT_ERROR);
            default -> to(State.PROCEEDING, Action.NONE);
        };
    }

    /** A retransmitted final response is ACKed again and not passed up. */
    private static Step<State, Action> completed(Input input) {
        return switch (input) {
            case FAILURE -> to(State.COMPLETED, Action.RESEND_ACK);
            case TIMER_D -> to(State.TERMINATED, Action.NONE);
            case TRANSPORT_ERROR -> to(State.TERMINATED, Action.REPORT_TRANSPORT_ERROR);
            default -> to(State.COMPLETED, Action.NONE);
        };
    }

    /** RFC 6026 section 7.2: every 2xx (a retransmission, or one from another fork) goes to the TU to be ACKed. */
    private static Step<State, Action> accepted(Input input) {
        return switch (input) {
            case SUCCESS -> to(State.ACCEPTED, Action.PASS_TO_TU);
            case TIMER_M -> to(State.TERMINATED, Action.NONE);
            default -> to(State.ACCEPTED, Action.NONE);
        };
    }

    // ---------------------------------------------------------------- actions and entries

    @Override
    void perform(Action action, SipMessage message, Throwable cause) {
        switch (action) {
            case NONE -> { }
            case PASS_TO_TU -> listener.onResponse((SipResponse) message);
            case ACK_AND_PASS_TO_TU -> {
                // RFC 3261 17.1.1.3: the transaction ACKs a 3xx-6xx itself, hop by hop, with the INVITE's branch.
                SipRequest ack = HopByHopRequests.ack(request(), (SipResponse) message, table.alloc());
                replaceLast(ack);
                send(ack);
                listener.onResponse((SipResponse) message);
            }
            case RESEND_ACK -> send(last());
            case RETRANSMIT -> {
                send(request());
                intervalA = timers.backOffInvite(intervalA);
                timerA.start(intervalA);
            }
            case REPORT_TIMEOUT -> listener.onTimeout();
            case REPORT_TRANSPORT_ERROR -> listener.onTransportError(cause);
        }
    }

    @Override
    void enter(State entered) {
        switch (entered) {
            case CALLING -> {
                send(request());
                if (!reliable) {
                    intervalA = timers.timerA();
                    timerA.start(intervalA);
                }
                timerB.start(timers.timerB());
            }
            case PROCEEDING -> {
                timerA.cancel();
                timerB.cancel();
            }
            case COMPLETED -> {
                timerA.cancel();
                timerB.cancel();
                timerD.start(timers.timerD(reliable));
                // Retransmitted responses get the ACK (last()), nothing needs the INVITE any more.
                releaseRequest();
            }
            case ACCEPTED -> {
                timerA.cancel();
                timerB.cancel();
                timerM.start(timers.timerM());
                releaseRequest();
            }
            default -> {
                // Terminated: AbstractTransaction releases everything.
            }
        }
    }

    @Override
    void notifyTerminated() {
        listener.onTerminated();
    }
}
