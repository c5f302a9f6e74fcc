package io.sipgw.transaction;

import io.sipgw.sip.SipMessage;
import io.sipgw.sip.SipRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the four state machines share: the request, the last message sent (kept for retransmission), the named
 * timers, the transport, and running one input at a time through a state's method, its action and the next
 * state's entry. Everything runs on the event loop that owns the transaction's table.
 *
 * @param <S> the states
 * @param <I> the inputs: responses or requests by class, timers, transport errors
 * @param <A> the actions a transition asks for
 */
abstract class AbstractTransaction<S extends Enum<S>, I extends Enum<I>, A extends Enum<A>> {

    final TransactionTable table;
    final TransactionTimers timers;
    final boolean reliable;
    private final TransactionKey key;
    private final TransactionTransport transport;
    /** Ours until the final response, then released: only the key and the last message are needed after it. */
    private SipRequest request;
    private final S terminated;
    private final I transportError;
    private final List<TimerSlot> slots = new ArrayList<>(4);
    private final Consumer<Throwable> onSendFailure = this::transportError;
    private SipMessage last;
    private S state;
    /** True while an input is being handled: a transport error reported meanwhile waits until it is done. */
    private boolean stepping;
    private Throwable deferredError;

    /**
     * @param request        one reference to the request, which this transaction now owns
     * @param transportError the input a transport error is to the machine
     */
    AbstractTransaction(TransactionTable table, TransactionKey key, SipRequest request, TransactionTransport transport,
                        S initial, S terminated, I transportError) {
        this.table = table;
        this.timers = table.timers();
        this.key = key;
        this.request = request;
        this.transport = transport;
        this.reliable = transport.reliable();
        this.state = initial;
        this.terminated = terminated;
        this.transportError = transportError;
    }

    // ---------------------------------------------------------------- what a machine defines

    /** The method of the current state for {@code input}. */
    abstract Step<S, A> transition(S current, I input);

    /** Does what a transition asked for; {@code message} and {@code cause} are those of the input, if any. */
    abstract void perform(A action, SipMessage message, Throwable cause);

    /** Entry actions of a state other than Terminated: starts and stops its timers. */
    abstract void enter(S entered);

    /** Tells the listener that the transaction ended. */
    abstract void notifyTerminated();

    // ---------------------------------------------------------------- public through the subclasses

    /** The current state. */
    public final S state() {
        return state;
    }

    /**
     * The request that created this transaction, until the final response: once a client transaction has handed
     * it to its listener, or a server transaction has sent it, the request is released and this is {@code null}.
     * What the machine does afterwards needs only the key (to match retransmissions) and {@link #last()}; letting go
     * of the request then keeps the 32 s of Timers D, J, L and M from holding it.
     */
    public final SipRequest request() {
        return request;
    }

    /** Whether the transaction reached Terminated and left its table. */
    public final boolean isTerminated() {
        return state == terminated;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + key.method() + " " + key.branch() + ", " + state + ")";
    }

    // ---------------------------------------------------------------- for the machines

    final TransactionKey key() {
        return key;
    }

    /** A named timer that feeds {@code input} to this machine when it fires; cancelled on termination. */
    final TimerSlot timer(I input) {
        TimerSlot slot = new TimerSlot(table.timerService(), () -> fire(input, null, null));
        slots.add(slot);
        return slot;
    }

    /** Sends {@code message}, which stays ours: the transport gets a reference of its own. */
    final void send(SipMessage message) {
        transport.send(message.retain(), onSendFailure);
    }

    /** The last message sent that a retransmission repeats (a response, or the ACK of an INVITE client), or null. */
    final SipMessage last() {
        return last;
    }

    /** Releases the request: called on entering a state after the final response (see {@link #request()}). */
    final void releaseRequest() {
        if (request != null) {
            request.release();
            request = null;
        }
    }

    /** Makes {@code message} (one reference, now ours) the last one sent, releasing the one before. */
    final void replaceLast(SipMessage message) {
        if (last != null) {
            last.release();
        }
        last = message;
    }

    /** Starts the machine: the entry actions of its initial state. */
    final void start() {
        stepping = true;
        try {
            enter(state);
        } finally {
            stepping = false;
        }
        handleDeferredError();
    }

    /**
     * Runs one input: the current state's method picks the next state and an action, the action is performed, and
     * a changed state is entered. Inputs that the action or entry cause (a zero timer) run nested; a transport
     * error reported meanwhile runs after this input, in the state it led to.
     *
     * @return the action taken
     */
    final A fire(I input, SipMessage message, Throwable cause) {
        boolean outermost = !stepping;
        stepping = true;
        A action;
        try {
            S from = state;
            Step<S, A> step = transition(from, input);
            state = step.next();
            action = step.action();
            try {
                perform(action, message, cause);
            } finally {
                if (state == step.next() && step.next() != from) {
                    entered(step.next());
                }
            }
        } finally {
            if (outermost) {
                stepping = false;
            }
        }
        if (outermost) {
            handleDeferredError();
        }
        return action;
    }

    /** RFC 3261 sections 17.1.4 and 17.2.4: a send failure is an input like any other. */
    private void transportError(Throwable cause) {
        if (stepping) {
            if (deferredError == null) {
                deferredError = cause;
            }
            return;
        }
        fire(transportError, null, cause);
    }

    private void handleDeferredError() {
        Throwable cause = deferredError;
        if (cause != null) {
            deferredError = null;
            fire(transportError, null, cause);
        }
    }

    /** Ends the transaction at once without sending anything (shutdown): its timers, buffers and table entry go. */
    final void abandon() {
        if (state != terminated) {
            state = terminated;
            entered(terminated);
        }
    }

    private void entered(S s) {
        if (s != terminated) {
            enter(s);
            return;
        }
        // Terminated: nothing may stay behind, neither timers nor buffers nor the table entry.
        for (TimerSlot slot : slots) {
            slot.cancel();
        }
        replaceLast(null);
        releaseRequest();
        table.remove(this);
        notifyTerminated();
    }
}
