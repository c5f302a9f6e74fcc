package io.sipgw.transaction;

import io.netty.buffer.ByteBufAllocator;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipResponse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The transactions of one event loop: creates client and server transactions, matches received responses and
 * requests to them (RFC 3261 sections 17.1.3 and 17.2.3), and forgets each one when it terminates, so the table
 * does not grow with time. Not thread-safe, and needs no locks: use it only on the event loop whose
 * {@link TimerService} it was given.
 *
 * <p>Ownership: a request or response the TU hands over to be sent (to {@link #sendInvite}, {@link #sendRequest}
 * or {@link ServerTransaction#respond}) now belongs to the transaction, which releases it when it is done; a
 * received message (to {@code serve...}, {@code match...} or {@code receive}) is only borrowed.
 */
public final class TransactionTable {

    private final TransactionTimers timers;
    private final TimerService timerService;
    private final ByteBufAllocator alloc;
    private final Map<TransactionKey, AbstractTransaction<?, ?, ?>> transactions = new HashMap<>();
    /** INVITE server transactions in Accepted, by what the ACK for their 2xx carries. */
    private final Map<AckKey, ServerInviteTransaction> awaitingAck = new HashMap<>();

    /**
     * A table whose transactions use {@code timers}, schedule on {@code timerService} and build ACK, CANCEL and
     * 100 Trying in buffers from {@code alloc}.
     */
    public TransactionTable(TransactionTimers timers, TimerService timerService, ByteBufAllocator alloc) {
        this.timers = Objects.requireNonNull(timers, "timers");
        this.timerService = Objects.requireNonNull(timerService, "timerService");
        this.alloc = Objects.requireNonNull(alloc, "alloc");
    }

    /** The timer values of this table's transactions. */
    public TransactionTimers timers() {
        return timers;
    }

    /** The number of live transactions, client and server. */
    public int size() {
        return transactions.size();
    }

    // ---------------------------------------------------------------- client transactions

    /**
     * Starts an INVITE client transaction: sends {@code invite}, which it takes over (released even when this
     * throws). Its top Via branch must be new (RFC 3261 section 8.1.1.7).
     *
     * @throws IllegalArgumentException when {@code invite} is no INVITE or has no branch
     * @throws IllegalStateException    when a client transaction with that branch and method is live
     */
    public ClientInviteTransaction sendInvite(SipRequest invite, TransactionTransport transport,
                                              ClientTransactionListener listener) {
        TransactionKey key = clientKey(invite, true);
        return start(new ClientInviteTransaction(this, key, invite, transport, listener));
    }

    /**
     * Starts a non-INVITE client transaction (BYE, CANCEL, OPTIONS, ...): sends {@code request}, which it takes over
     * (released even when this throws). A CANCEL carries the branch of its INVITE
     * ({@link ClientInviteTransaction#newCancel()}); any other request a new one.
     *
     * @throws IllegalArgumentException when {@code request} is an INVITE or ACK, or has no branch
     * @throws IllegalStateException    when a client transaction with that branch and method is live
     */
    public ClientNonInviteTransaction sendRequest(SipRequest request, TransactionTransport transport,
                                                  ClientTransactionListener listener) {
        TransactionKey key = clientKey(request, false);
        return start(new ClientNonInviteTransaction(this, key, request, transport, listener));
    }

    private TransactionKey clientKey(SipRequest request, boolean invite) {
        try {
            SipMethod method = request.method();
            if (invite != (method == SipMethod.INVITE) || method == SipMethod.ACK) {
                throw new IllegalArgumentException(invite ? "not an INVITE: " + method
                        : method + " does not start a non-INVITE client transaction");
            }
            TransactionKey key = TransactionKey.forClient(request.topViaBranch(), method);
            if (key == null) {
                throw new IllegalArgumentException("request without a Via branch");
            }
            if (transactions.containsKey(key)) {
                throw new IllegalStateException("a client transaction for " + method + " " + key.branch()
                        + " is live");
            }
            return key;
        } catch (RuntimeException e) {
            request.release();
            throw e;
        }
    }

    /**
     * The client transaction a response belongs to (RFC 3261 section 17.1.3: top Via branch and CSeq method), or
     * null: a stray response, which RFC 6026 section 7.2 says to drop (a 2xx is still the TU's to ACK if it knows the
     * dialog).
     */
    public ClientTransaction matchResponse(SipResponse response) {
        TransactionKey key = TransactionKey.forClient(response.topViaBranch(), response.cseqMethod());
        return key != null && transactions.get(key) instanceof ClientTransaction c ? c : null;
    }

    // ---------------------------------------------------------------- server transactions

    /**
     * Creates the INVITE server transaction for a new INVITE ({@link #matchRequest} found none); the INVITE is
     * borrowed, the transaction retains it. It sends 100 Trying unless the TU responds within
     * {@link TransactionTimers#trying()}.
     *
     * @throws IllegalArgumentException when {@code invite} is no INVITE or has no readable top Via branch (answer it
     *                                  400 statelessly: RFC 3261 section 8.1.1.7 requires the branch)
     * @throws IllegalStateException    when it matches a live transaction (a retransmission)
     */
    public ServerInviteTransaction serveInvite(SipRequest invite, TransactionTransport transport,
                                               ServerTransactionListener listener) {
        TransactionKey key = serverKey(invite, true);
        return start(new ServerInviteTransaction(this, key, invite.retain(), transport, listener));
    }

    /**
     * Creates the non-INVITE server transaction for a new request other than INVITE and ACK ({@link #matchRequest}
     * found none); the request is borrowed, the transaction retains it.
     *
     * @throws IllegalArgumentException when {@code request} is an INVITE or ACK, or has no readable top Via branch
     * @throws IllegalStateException    when it matches a live transaction (a retransmission)
     */
    public ServerNonInviteTransaction serveRequest(SipRequest request, TransactionTransport transport,
                                                   ServerTransactionListener listener) {
        TransactionKey key = serverKey(request, false);
        return start(new ServerNonInviteTransaction(this, key, request.retain(), transport, listener));
    }

    private TransactionKey serverKey(SipRequest request, boolean invite) {
        SipMethod method = request.method();
        if (invite != (method == SipMethod.INVITE) || method == SipMethod.ACK) {
            throw new IllegalArgumentException(invite ? "not an INVITE: " + method
                    : method + " does not start a non-INVITE server transaction");
        }
        TransactionKey key = TransactionKey.forServer(request, method);
        if (key == null) {
            throw new IllegalArgumentException("request without a readable top Via branch");
        }
        if (transactions.containsKey(key)) {
            throw new IllegalStateException("a retransmission of " + method + " " + key.branch()
                    + ": use matchRequest first");
        }
        return key;
    }

    /**
     * The server transaction a request belongs to, or null for a new request (RFC 3261 section 17.2.3: top Via
     * branch, sent-by and method). A retransmitted request finds its own transaction; an ACK finds the INVITE's,
     * either by branch (the ACK for a 3xx-6xx) or, for the ACK of a 2xx, which has a branch of its own, by Call-ID,
     * tags and CSeq number while that transaction waits for it in Accepted. A CANCEL finds only a transaction of
     * its own (a retransmitted CANCEL); see {@link #findInviteForCancel} for the INVITE it cancels.
     */
    public ServerTransaction matchRequest(SipRequest request) {
        SipMethod method = request.method();
        TransactionKey key = TransactionKey.forServer(request, method);
        if (key != null && transactions.get(key) instanceof ServerTransaction s) {
            return s;
        }
        if (method == SipMethod.ACK) {
            AckKey ackKey = AckKey.of(request);
            return ackKey == null ? null : awaitingAck.get(ackKey);
        }
        return null;
    }

    /**
     * The INVITE server transaction a CANCEL cancels (RFC 3261 section 9.2: matched as by section 17.2.3 with the
     * method INVITE), or null when there is none (answer the CANCEL 481).
     */
    public ServerInviteTransaction findInviteForCancel(SipRequest cancel) {
        TransactionKey key = TransactionKey.forServer(cancel, SipMethod.INVITE);
        return key != null && transactions.get(key) instanceof ServerInviteTransaction s ? s : null;
    }

    /**
     * Ends every live transaction at once, sending nothing and releasing what each holds: for shutting down, when the
     * event loop is about to stop and no timer would run again.
     */
    public void abandonAll() {
        for (AbstractTransaction<?, ?, ?> transaction : List.copyOf(transactions.values())) {
            transaction.abandon();
        }
    }

    // ---------------------------------------------------------------- for the transactions

    TimerService timerService() {
        return timerService;
    }

    ByteBufAllocator alloc() {
        return alloc;
    }

    private <T extends AbstractTransaction<?, ?, ?>> T start(T transaction) {
        transactions.put(transaction.key(), transaction);
        transaction.start();
        return transaction;
    }

    /** An INVITE server transaction entered Accepted: the ACK for its 2xx is to find it. */
    void expectAck(ServerInviteTransaction transaction) {
        AckKey key = transaction.ackKey();
        if (key != null) {
            awaitingAck.put(key, transaction);
        }
    }

    /** A transaction terminated. */
    void remove(AbstractTransaction<?, ?, ?> transaction) {
        transactions.remove(transaction.key(), transaction);
        if (transaction instanceof ServerInviteTransaction s && s.ackKey() != null) {
            awaitingAck.remove(s.ackKey(), s);
        }
    }
}
