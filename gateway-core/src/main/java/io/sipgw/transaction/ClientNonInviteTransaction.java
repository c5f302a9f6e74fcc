package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

import java.time.Duration;

import static io.sipgw.transaction.Step.to;

/**
 * A non-INVITE client transaction (RFC 3261 section 17.1.2): sends a BYE, CANCEL, OPTIONS or other request, repeats
 * it on Timer E over unreliable transports, and gives up on Timer F.
 */
public final class ClientNonInviteTransaction
        extends AbstractTransaction<ClientNonInviteTransaction.State, ClientNonInviteTransaction.Input,
                ClientNonInviteTransaction.Action>
        implements ClientTransaction {

    /** The states of RFC 3261 Figure 6. */
    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    enum Input { PROVISIONAL, FINAL, TIMER_E, TIMER_F, TIMER_K, TRANSPORT_ERROR }

    enum Action {
        NONE, PASS_TO_TU, RETRANSMIT_BACKING_OFF, RETRANSMIT_AFTER_T2, REPORT_TIMEOUT, REPORT_TRANSPORT_ERROR
    }

    private final ClientTransactionListener listener;
    private final TimerSlot timerE = timer(Input.TIMER_E);
    private final TimerSlot timerF = timer(Input.TIMER_F);
    private final TimerSlot timerK = timer(Input.TIMER_K);
    private Duration intervalE;

    ClientNonInviteTransaction(TransactionTable table, TransactionKey key, SipRequest request,
                               TransactionTransport transport, ClientTransactionListener listener) {
        super(table, key, request, transport, State.TRYING, State.TERMINATED, Input.TRANSPORT_ERROR);
        this.listener = listener;
    }

    @Override
    public void receive(SipResponse response) {
        fire(response.isProvisional() ? Input.PROVISIONAL : Input.FINAL, response, null);
    }

    // ---------------------------------------------------------------- one method per state (RFC 3261 17.1.2.2)

    @Override
    Step<State, Action> transition(State current, Input input) {
        return switch (current) {
            case TRYING -> trying(input);
            case PROCEEDING -> proceeding(input);
            case COMPLETED -> completed(input);
            case TERMINATED -> to(State.TERMINATED, Action.NONE);
        };
    }

    private static Step<State, Action> trying(Input input) {
        return switch (input) {
            case PROVISIONAL -> to(State.PROCEEDING, Action.PASS_TO_TU);
            case FINAL -> to(State.COMPLETED, Action.PASS_TO_TU);
            case TIMER_E -> to(State.TRYING, Action.RETRANSMIT_BACKING_OFF);
            case TIMER_F -> to(State.TERMINATED, Action.REPORT_TIMEOUT);
            case TRANSPORT_ERROR -> to(State.TERMINATED, Action.REPORT_TRANSPORT_ERROR);
            default -> to(State.TRYING, Action.NONE);
        };
    }

    /** Retransmissions go on, every T2 once the server has answered provisionally. */
    private static Step<State, Action> proceeding(Input input) {
        return switch (input) {
            case PROVISIONAL -> to(State.PROCEEDING, Action.PASS_TO_TU);
            case FINAL -> to(State.COMPLETED, Action.PASS_TO_TU);
            case TIMER_E -> to(State.PROCEEDING, Action.RETRANSMIT_AFTER_T2);
            case TIMER_F -> to(State.TERMINATED, Action.REPORT_TIMEOUT);
            case TRANSPORT_ERROR -> to(State.TERMINATED, Action.REPORT_TRANSPORT_ERROR);
            default -> to(State.PROCEEDING, Action.NONE);
        };
    }

    /** Retransmitted final responses are absorbed until Timer K. */
    private static Step<State, Action> completed(Input input) {
        return input == Input.TIMER_K ? to(State.TERMINATED, Action.NONE) : to(State.COMPLETED, Action.NONE);
    }

    // ---------------------------------------------------------------- actions and entries

    @Override
    void perform(Action action, SipMessage message, Throwable cause) {
        switch (action) {
            case NONE -> { }
            case PASS_TO_TU -> listener.onResponse((SipResponse) message);
            case RETRANSMIT_BACKING_OFF -> retransmit(timers.backOff(intervalE));
            case RETRANSMIT_AFTER_T2 -> retransmit(timers.t2());
            case REPORT_TIMEOUT -> listener.onTimeout();
            case REPORT_TRANSPORT_ERROR -> listener.onTransportError(cause);
        }
    }

    private void retransmit(Duration next) {
        send(request());
        intervalE = next;
        timerE.start(next);
    }

    @Override
    void enter(State entered) {
        switch (entered) {
            case TRYING -> {
                send(request());
                if (!reliable) {
                    intervalE = timers.timerE();
                    timerE.start(intervalE);
                }
                timerF.start(timers.timerF());
            }
            case COMPLETED -> {
                timerE.cancel();
                timerF.cancel();
                timerK.start(timers.timerK(reliable));
                releaseRequest();
            }
            default -> {
                // Proceeding: Timer E and F run on; Terminated: AbstractTransaction releases everything.
            }
        }
    }

    @Override
    void notifyTerminated() {
        listener.onTerminated();
    }
}
