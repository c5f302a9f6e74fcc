package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipResponseBuilder;
import io.sipgw.sip.SipStatus;

import java.time.Duration;

import static io.sipgw.transaction.Step.to;

/**
 * An INVITE server transaction (RFC 3261 section 17.2.1 with the Accepted state of RFC 6026 section 7.1): answers
 * a retransmitted INVITE with the last response, sends 100 Trying when the TU is slow, repeats a 3xx-6xx on Timer G
 * until its ACK, and repeats a 2xx until the ACK for it arrives (RFC 3261 section 13.3.1.4).
 *
 * <p>RFC 6026 leaves 2xx retransmission to the TU; this transaction does it on the TU's behalf, because it is the
 * one that absorbs the retransmitted INVITEs and sees the ACK: its {@link TransactionTable} matches the ACK for the
 * 2xx (which has a branch of its own) by Call-ID, tags and CSeq number. Like every retransmission, it happens only on
 * unreliable transports; on reliable ones the transaction still waits 64*T1 (Timer L) for the ACK.
 */
public final class ServerInviteTransaction
        extends AbstractTransaction<ServerInviteTransaction.State, ServerInviteTransaction.Input,
                ServerInviteTransaction.Action>
        implements ServerTransaction {

    /** The states of RFC 3261 Figure 7, with Accepted from RFC 6026. */
    public enum State { PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }

    enum Input {
        REQUEST, ACK, PROVISIONAL, SUCCESS, FAILURE, TIMER_TRYING, TIMER_G, TIMER_H, TIMER_I, TIMER_L,
        TIMER_2XX, TRANSPORT_ERROR
    }

    enum Action {
        NONE, SEND, REFUSE, RESEND_LAST, SEND_TRYING, RETRANSMIT_FINAL, RETRANSMIT_2XX, ACK_TO_TU,
        REPORT_ACK_TIMEOUT, REPORT_ACK_TIMEOUT_UNLESS_ACKED, REPORT_TRANSPORT_ERROR
    }

    private final ServerTransactionListener listener;
    private final TimerSlot timerTrying = timer(Input.TIMER_TRYING);
    private final TimerSlot timerG = timer(Input.TIMER_G);
    private final TimerSlot timerH = timer(Input.TIMER_H);
    private final TimerSlot timerI = timer(Input.TIMER_I);
    private final TimerSlot timerL = timer(Input.TIMER_L);
    /** RFC 3261 13.3.1.4: the 2xx retransmit timer (T1, doubling up to T2) until the ACK. */
    private final TimerSlot timer2xx = timer(Input.TIMER_2XX);
    private Duration interval;
    private boolean acknowledged;
    private AckKey ackKey;

    ServerInviteTransaction(TransactionTable table, TransactionKey key, SipRequest invite,
                            TransactionTransport transport, ServerTransactionListener listener) {
        super(table, key, invite, transport, State.PROCEEDING, State.TERMINATED, Input.TRANSPORT_ERROR);
        this.listener = listener;
    }

    @Override
    public void receive(SipRequest request) {
        fire(request.method() == SipMethod.ACK ? Input.ACK : Input.REQUEST, request, null);
    }

    @Override
    public boolean respond(SipResponse response) {
        int status = response.status();
        Input input = status < 200 ? Input.PROVISIONAL : status < 300 ? Input.SUCCESS : Input.FAILURE;
        return fire(input, response, null) != Action.REFUSE;
    }

    /** Whether the ACK for the 2xx this transaction sent has arrived. */
    public boolean isAcknowledged() {
        return acknowledged;
    }

    /** The dialog and CSeq an ACK for the 2xx carries; set once the transaction is Accepted. */
    AckKey ackKey() {
        return ackKey;
    }

    // ---------------------------------------------------------------- one method per state (RFC 3261 17.2.1)

    @Override
    Step<State, Action> transition(State current, Input input) {
        return switch (current) {
            case PROCEEDING -> proceeding(input);
            case COMPLETED -> completed(input);
            case CONFIRMED -> confirmed(input);
            case ACCEPTED -> accepted(input);
            case TERMINATED -> finished(State.TERMINATED, input);
        };
    }

    /** RFC 6026 section 8.8 (updating RFC 3261 17.2.4): a transport error is reported; the state stays. */
    private static Step<State, Action> proceeding(Input input) {
        return switch (input) {
            case REQUEST -> to(State.PROCEEDING, Action.RESEND_LAST);
            case PROVISIONAL -> to(State.PROCEEDING, Action.SEND);
            case SUCCESS -> to(State.ACCEPTED, Action.SEND);
            case FAILURE -> to(State.COMPLETED, Action.SEND);
            case TIMER_TRYING -> to(State.PROCEEDING, Action.SEND_TRYING);
            case TRANSPORT_ERROR -> to(State.PROCEEDING, Action.REPORT_TRANSPORT_ERROR);
            default -> to(State.PROCEEDING, Action.NONE);
        };
    }

    private static Step<State, Action> completed(Input input) {
        return switch (input) {
            case REQUEST -> to(State.COMPLETED, Action.RESEND_LAST);
            case ACK -> to(State.CONFIRMED, Action.NONE);
            case TIMER_G -> to(State.COMPLETED, Action.RETRANSMIT_FINAL);
            case TIMER_H -> to(State.TERMINATED, Action.REPORT_ACK_TIMEOUT);
            case TRANSPORT_ERROR -> to(State.COMPLETED, Action.REPORT_TRANSPORT_ERROR);
            default -> finished(State.COMPLETED, input);
        };
    }

    /** Retransmitted ACKs (and INVITEs) are absorbed until Timer I. */
    private static Step<State, Action> confirmed(Input input) {
        return input == Input.TIMER_I ? to(State.TERMINATED, Action.NONE) : finished(State.CONFIRMED, input);
    }

    /**
     * RFC 6026 section 7.1: retransmitted INVITEs are absorbed, the ACK goes to the TU, a 2xx from the TU is sent;
     * Timer L ends the wait.
     */
    private static Step<State, Action> accepted(Input input) {
        return switch (input) {
            case ACK -> to(State.ACCEPTED, Action.ACK_TO_TU);
            case SUCCESS -> to(State.ACCEPTED, Action.SEND);
            case TIMER_2XX -> to(State.ACCEPTED, Action.RETRANSMIT_2XX);
            case TIMER_L -> to(State.TERMINATED, Action.REPORT_ACK_TIMEOUT_UNLESS_ACKED);
            case TRANSPORT_ERROR -> to(State.ACCEPTED, Action.REPORT_TRANSPORT_ERROR);
            default -> finished(State.ACCEPTED, input);
        };
    }

    /** After the final response: a response from the TU is refused, anything else absorbed. */
    private static Step<State, Action> finished(State state, Input input) {
        boolean fromTu = input == Input.PROVISIONAL || input == Input.SUCCESS || input == Input.FAILURE;
        return to(state, fromTu ? Action.REFUSE : Action.NONE);
    }

    // ---------------------------------------------------------------- actions and entries

    @Override
    void perform(Action action, SipMessage message, Throwable cause) {
        switch (action) {
            case NONE -> { }
            case SEND -> {
                timerTrying.cancel();
                replaceLast(message);
                send(message);
            }
            case REFUSE -> message.release();
            case RESEND_LAST -> {
                if (last() != null) {
                    send(last());
                }
            }
            case SEND_TRYING -> {
                // RFC 3261 17.2.1: the transaction answers 100 itself when the TU has not answered within 200 ms.
                SipResponse trying = SipResponseBuilder.forRequest(request(), SipStatus.TRYING, null)
                        .build(table.alloc());
                replaceLast(trying);
                send(trying);
            }
            case RETRANSMIT_FINAL -> retransmit(timerG);
            case RETRANSMIT_2XX -> retransmit(timer2xx);
            case ACK_TO_TU -> {
                acknowledged = true;
                timer2xx.cancel();
                // Acknowledged: the 2xx is not sent again, a retransmitted INVITE is absorbed (RFC 6026 7.1).
                replaceLast(null);
                listener.onAck((SipRequest) message);
            }
            case REPORT_ACK_TIMEOUT -> listener.onAckTimeout();
            case REPORT_ACK_TIMEOUT_UNLESS_ACKED -> {
                if (!acknowledged) {
                    listener.onAckTimeout();
                }
            }
            case REPORT_TRANSPORT_ERROR -> listener.onTransportError(cause);
        }
    }

    /** RFC 3261 17.2.1 (Timer G) and 13.3.1.4 (2xx): resend, then wait twice as long, at most T2. */
    private void retransmit(TimerSlot timer) {
        send(last());
        interval = timers.backOff(interval);
        timer.start(interval);
    }

    @Override
    void enter(State entered) {
        switch (entered) {
            case PROCEEDING -> timerTrying.start(timers.trying());
            case COMPLETED -> {
                if (!reliable) {
                    interval = timers.timerG();
                    timerG.start(interval);
                }
                timerH.start(timers.timerH());
                releaseRequest();
            }
            case CONFIRMED -> {
                timerG.cancel();
                timerH.cancel();
                timerI.start(timers.timerI(reliable));
            }
            case ACCEPTED -> {
                ackKey = AckKey.of(request(), (SipResponse) last());
                table.expectAck(this);
                releaseRequest();
                if (!reliable) {
                    interval = timers.t1();
                    timer2xx.start(interval);
                }
                timerL.start(timers.timerL());
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
