package io.sipgw.call;

import io.netty.buffer.ByteBufAllocator;
import io.sipgw.sip.SipHeaderName;
import io.sipgw.sip.SipMethod;
import io.sipgw.sip.SipParseException;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.SipRequestBuilder;
import io.sipgw.sip.SipResponse;
import io.sipgw.sip.SipResponseBuilder;
import io.sipgw.sip.SipStatus;
import io.sipgw.sip.SipUri;
import io.sipgw.transaction.ClientInviteTransaction;
import io.sipgw.transaction.ClientTransaction;
import io.sipgw.transaction.ClientTransactionListener;
import io.sipgw.transaction.ServerInviteTransaction;
import io.sipgw.transaction.ServerTransaction;
import io.sipgw.transaction.ServerTransactionListener;
import io.sipgw.transaction.TransactionTable;
import io.sipgw.transaction.TimerService;
import io.sipgw.transaction.TransactionTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The B2BUA of one event loop: admits INVITEs from the caller side, bridges each to a new callee-leg dialog, and
 * maps responses and in-dialog requests of either leg onto the other. Use it only on its loop.
 */
public final class B2bua {

    private static final Logger LOG = LoggerFactory.getLogger(B2bua.class);
    private static final String META_HEADER_PREFIX = "x-wa-meta-";
    /** The methods the gateway takes, for Allow (RFC 3261 section 20.5). */
    private static final String ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, NOTIFY, UPDATE";
    /** What gives a relayed in-dialog request its meaning besides the body (RFC 6086 INFO, RFC 6665 NOTIFY). */
    private static final List<String> RELAYED_HEADERS = List.of("Info-Package", "Event", "Subscription-State");
    /** The answers to our BYE and CANCEL change nothing: the call has already ended or will on the INVITE's 487. */
    private static final ClientTransactionListener QUIET = new ClientTransactionListener() {
        @Override
        public void onResponse(SipResponse response) {
        }

        @Override
        public void onTimeout() {
        }

        @Override
        public void onTransportError(Throwable cause) {
        }
    };

    private final int shard;
    private final CallSettings settings;
    private final RoutingPolicy routing;
    private final CallTransport transport;
    private final TransactionTable transactions;
    private final TimerService timers;
    private final CallEvents events;
    private final ByteBufAllocator alloc;
    private final CallTable calls = new CallTable();

    /**
     * @param shard        the index of this loop, carried in the callee-leg Call-IDs it makes ({@link CallIds})
     * @param transactions the transaction table of the same loop
     * @param timers       the timers of the same loop (the ring timeout)
     */
    public B2bua(int shard, CallSettings settings, RoutingPolicy routing, CallTransport transport,
                 TransactionTable transactions, TimerService timers, CallEvents events, ByteBufAllocator alloc) {
        this.shard = shard;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.timers = Objects.requireNonNull(timers, "timers");
        this.events = Objects.requireNonNull(events, "events");
        this.alloc = Objects.requireNonNull(alloc, "alloc");
    }

    /** The calls of this loop. */
    public CallTable calls() {
        return calls;
    }

    /** The transactions of this loop. */
    public TransactionTable transactions() {
        return transactions;
    }

    // ---------------------------------------------------------------- requests

    /**
     * A request that arrived from {@code source}; {@code replies} sends its responses (and, for a new call, the
     * requests of the caller leg). The request is borrowed.
     */
    public void onRequest(SipRequest request, InetAddress source, TransactionTransport replies) {
        ServerTransaction existing = transactions.matchRequest(request);
        if (existing != null) {
            // RFC 3261 17.2.3: a retransmission, or the ACK of an INVITE transaction.
            existing.receive(request);
            return;
        }
        SipMethod method = request.method();
        if (method == SipMethod.ACK) {
            // An ACK that matches nothing is dropped (RFC 3261 17.2.1, 13.3.2.5).
            return;
        }
        if (method == SipMethod.CANCEL) {
            onCancel(request, replies);
        } else if (request.toTag() != null) {
            inDialog(request, replies);
        } else if (method == SipMethod.INVITE) {
            onInvite(request, source, replies);
        } else if (!routing.admits(source)) {
            reply(request, replies, SipStatus.FORBIDDEN);
        } else {
            // RFC 3261 8.2.1: a method the gateway does not take out of a dialog (REGISTER, MESSAGE, SUBSCRIBE...).
            replies.send(Replies.builder(request, SipStatus.METHOD_NOT_ALLOWED)
                    .addHeader(SipHeaderName.ALLOW, ALLOW).build(alloc), e -> { });
        }
    }

    private void onInvite(SipRequest invite, InetAddress source, TransactionTransport replies) {
        if (!routing.admits(source)) {
            // Never an open relay to Twilio.
            LOG.info("call {}: INVITE from {} refused 403: not in META_ALLOWED_CIDRS or TWILIO_ALLOWED_CIDRS",
                    invite.callId(), source.getHostAddress());
            events.refused("source");
            reply(invite, replies, SipStatus.FORBIDDEN);
            return;
        }
        CallCapacity capacity = settings.capacity();
        if (capacity.transactionsFull(transactions.size()) || capacity.calls() >= capacity.maxCalls()) {
            // Before any work: a flood costs a 503 (RFC 3261 21.5.4), never the heap; calls in progress go on.
            LOG.debug("call {}: INVITE refused 503: at capacity ({} calls, {} transactions on this loop)",
                    invite.callId(), capacity.calls(), transactions.size());
            events.refused("capacity");
            replies.send(Replies.builder(invite, SipStatus.SERVICE_UNAVAILABLE, null)
                    .addHeader(SipHeaderName.RETRY_AFTER, Integer.toString(capacity.retryAfterSeconds()))
                    .build(alloc), e -> { });
            return;
        }
        if (calls.find(invite.callId()) != null) {
            // RFC 3261 8.2.2.2: an INVITE without To tag on the Call-ID of a live call that matched none of its
            // transactions is a merged request (482 Loop Detected); a second call would overwrite the first.
            LOG.info("call {}: new INVITE on a live Call-ID refused 482", invite.callId());
            reply(invite, replies, SipStatus.LOOP_DETECTED);
            return;
        }
        Route route;
        try {
            route = routing.route(invite, source);
        } catch (RouteRefusedException e) {
            LOG.info("call {}: INVITE refused {}: {}", invite.callId(), e.status(), e.getMessage());
            events.refused("route");
            replies.send(Replies.builder(invite, e.status(), e.reasonPhrase()).build(alloc), e2 -> { });
            return;
        } catch (SipParseException | IllegalArgumentException e) {
            reply(invite, replies, SipStatus.BAD_REQUEST);
            return;
        }
        if (route.callerAuth() != null && !authenticated(invite, source, route.callerAuth(), replies)) {
            return;
        }
        int maxForwards;
        Call call;
        String callerTag = CallIds.newTag();
        try {
            maxForwards = invite.maxForwards();
            call = newCall(invite, replies, callerTag, route);
        } catch (SipParseException | IllegalArgumentException e) {
            reply(invite, replies, SipStatus.BAD_REQUEST);
            return;
        }
        ServerInviteTransaction server = serve(invite, replies, call.callerListener);
        if (server == null) {
            return;
        }
        call.callerInvite = server;
        // At once: it stops the caller's retransmissions (RFC 3261 8.2.6.1, 17.2.1).
        server.respond(SipResponseBuilder.forRequest(invite, SipStatus.TRYING, null).build(alloc));
        if (maxForwards == 0) {
            // RFC 3261 16.3 step 2 (a B2BUA forwards too): no more hops.
            server.respond(call.toCaller(SipStatus.TOO_MANY_HOPS, null, false).build(alloc));
            return;
        }
        SdpDecision offer = route.media().offer(invite);
        if (offer instanceof SdpDecision.Refuse refuse) {
            LOG.warn("call {}: offer refused {}: {}", invite.callId(), refuse.rejected().status(),
                    refuse.rejected().logMessage());
            events.refused("sdp");
            server.respond(refuse.response(invite, callerTag, alloc));
            return;
        }
        if (!capacity.tryAddCall()) {
            events.refused("capacity");
            server.respond(call.toCaller(SipStatus.SERVICE_UNAVAILABLE, null, false)
                    .addHeader(SipHeaderName.RETRY_AFTER, Integer.toString(capacity.retryAfterSeconds()))
                    .build(alloc));
            return;
        }
        SipRequest calleeInvite = calleeInvite(invite, call, maxForwards, offer);
        calls.add(call);
        call.calleeInviteSent(DigestRetry.send(this, call, call.callee, calleeInvite, call.calleeListener,
                call::wantsCalleeInvite, call::calleeInviteSent), call.callee.localCSeq);
        call.ringTimer = timers.schedule(call::ringTimeout, settings.ringTimeout().toNanos(), TimeUnit.NANOSECONDS);
        LOG.info("call {}: started ({}), callee Call-ID {} to {}", call.callerCallId(),
                route.direction() == Direction.USER_INITIATED ? "user-initiated" : "business-initiated",
                call.calleeCallId(), route.calleeUri());
        events.started(call.callerCallId());
    }

    /** A server INVITE transaction for {@code invite}, or {@code null} after a 400 when it has no readable branch. */
    private ServerInviteTransaction serve(SipRequest invite, TransactionTransport replies,
                                          ServerTransactionListener listener) {
        try {
            return transactions.serveInvite(invite, replies, listener);
        } catch (IllegalArgumentException e) {
            // RFC 3261 8.1.1.7: without a readable branch there is no transaction to answer in.
            reply(invite, replies, SipStatus.BAD_REQUEST);
            return null;
        }
    }

    /**
     * Whether {@code invite} passes the caller's digest challenge (RFC 3261 section 22.3); if not, it has been
     * answered (407 with our challenges, or 403) in a transaction of its own, which absorbs its retransmissions
     * and the ACK, and no call exists.
     */
    private boolean authenticated(SipRequest invite, InetAddress source, CallerAuthentication auth,
                                  TransactionTransport replies) {
        CallerAuthentication.Verdict verdict = auth.check(invite, source);
        if (verdict instanceof CallerAuthentication.Pass) {
            return true;
        }
        ServerInviteTransaction tx = serve(invite, replies, ServerTransactionListener.IGNORE);
        if (tx == null) {
            return false;
        }
        SipResponseBuilder response;
        if (verdict instanceof CallerAuthentication.Challenge challenge) {
            response = Replies.builder(invite, SipStatus.PROXY_AUTHENTICATION_REQUIRED, null);
            for (String value : challenge.proxyAuthenticate()) {
                response.addHeader(SipHeaderName.PROXY_AUTHENTICATE, value);
            }
            LOG.debug("call {}: INVITE from {} challenged 407", invite.callId(), source.getHostAddress());
        } else {
            CallerAuthentication.Refuse refuse = (CallerAuthentication.Refuse) verdict;
            if (refuse.blocked()) {
                LOG.debug("call {}: INVITE from {} refused 403: {}", invite.callId(), source.getHostAddress(),
                        refuse.reason());
                events.refused("auth-limit");
            } else if (refuse.limitReached()) {
                LOG.warn("call {}: INVITE from {} refused 403: {}; further INVITEs from it are refused until the"
                        + " failure window passes", invite.callId(), source.getHostAddress(), refuse.reason());
                events.refused("auth-limit");
            } else {
                LOG.info("call {}: INVITE from {} refused 403: {}", invite.callId(), source.getHostAddress(),
                        refuse.reason());
                events.refused("auth");
            }
            response = Replies.builder(invite, SipStatus.FORBIDDEN, null);
        }
        tx.respond(response.build(alloc));
        return false;
    }

    private Call newCall(SipRequest invite, TransactionTransport replies, String callerTag, Route route) {
        Direction direction = route.direction();
        Leg caller = new Leg(invite.callId(), invite.header(SipHeaderName.TO) + ";tag=" + callerTag,
                invite.header(SipHeaderName.FROM), 0, settings.callerSide(direction), route.callerCredentials());
        // RFC 3261 12.1.1: the UAS's remote target is the Contact, its route set the Record-Route in order.
        caller.remoteTarget = invite.contacts().isEmpty() ? invite.from().uriText() : invite.contacts().get(0).uriText();
        caller.routeSet = List.copyOf(invite.headerValues(SipHeaderName.RECORD_ROUTE));
        caller.transport = replies;
        SipUri calleeUri = route.calleeUri();
        Leg callee = new Leg(CallIds.newCallId(shard, settings.twilioSide().viaHost()),
                "<" + route.calleeFrom() + ">;tag=" + CallIds.newTag(), "<" + calleeUri + ">", 1,
                settings.calleeSide(direction), route.calleeCredentials());
        callee.remoteTarget = calleeUri.toString();
        callee.transport = transport.towards(calleeUri);
        return new Call(this, route, caller, callee, System.nanoTime());
    }

    /**
     * The callee-leg INVITE: a new dialog (RFC 3261 section 8.1.1) that carries only the SDP and, towards Twilio,
     * the {@code x-wa-meta-*} headers of the caller's INVITE; nothing else of the caller's (Call-ID, X-FB-*,
     * Twilio's X- headers) leaks to the other side.
     */
    private SipRequest calleeInvite(SipRequest invite, Call call, int maxForwards, SdpDecision offer) {
        Leg leg = call.callee;
        SipRequestBuilder b = SipRequestBuilder.create(SipMethod.INVITE, leg.remoteTarget)
                .pushVia(leg.newVia())
                .addHeader(SipHeaderName.MAX_FORWARDS, Integer.toString(maxForwards < 0 ? 70 : maxForwards - 1))
                .addHeader(SipHeaderName.FROM, leg.local)
                .addHeader(SipHeaderName.TO, leg.remote)
                .addHeader(SipHeaderName.CALL_ID, leg.callId)
                .addHeader(SipHeaderName.CSEQ, leg.localCSeq + " INVITE")
                .addHeader(SipHeaderName.CONTACT, leg.contact())
                .addHeader(SipHeaderName.ALLOW, ALLOW);
        if (call.route().direction() == Direction.USER_INITIATED) {
            copyMetaHeaders(invite, b);
        }
        if (offer instanceof SdpDecision.Forward forward) {
            byte[] body = forward.rewritten() ? forward.newBody() : Call.bodyBytes(invite);
            b.body(invite.contentType(), body);
            call.offerSent = forward.description();
            call.sdpFrom(call.caller, forward.description());
            call.sdpTo(leg, invite.contentType(), body);
        }
        return b.build(alloc);
    }

    private void onCancel(SipRequest cancel, TransactionTransport replies) {
        ServerInviteTransaction invite = transactions.findInviteForCancel(cancel);
        Call call = calls.find(cancel.callId());
        if (invite == null || call == null || call.callerInvite != null && call.callerInvite != invite) {
            // RFC 3261 9.2: no transaction to cancel.
            reply(cancel, replies, SipStatus.CALL_DOES_NOT_EXIST);
            return;
        }
        ServerTransaction tx = transactions.serveRequest(cancel, replies, ServerTransactionListener.IGNORE);
        tx.respond(SipResponseBuilder.forRequest(cancel, SipStatus.OK, null).build(alloc));
        LOG.info("call {}: cancelled by the caller", call.callerCallId());
        call.callerCancel();
    }

    private void inDialog(SipRequest request, TransactionTransport replies) {
        Call call = calls.find(request.callId());
        Leg from = call == null ? null
                : call.caller.callId.equals(request.callId()) ? call.caller : call.callee;
        if (from == null) {
            // RFC 3261 12.2.2: no dialog.
            reply(request, replies, SipStatus.CALL_DOES_NOT_EXIST);
            return;
        }
        if (request.method() == SipMethod.INVITE && from == call.caller
                && call.route().direction() == Direction.USER_INITIATED) {
            // A re-INVITE from Meta is bridged to the callee leg as a new offer (RFC 3261 14.1).
            ServerInviteTransaction server = serve(request, replies, ServerTransactionListener.IGNORE);
            if (server != null) {
                call.callerReInvite(server, request);
            }
            return;
        }
        ServerTransaction tx = request.method() == SipMethod.INVITE
                ? serve(request, replies, ServerTransactionListener.IGNORE)
                : transactions.serveRequest(request, replies, ServerTransactionListener.IGNORE);
        if (tx == null) {
            return;
        }
        SipResponseBuilder response;
        if (request.method() == SipMethod.BYE) {
            response = SipResponseBuilder.forRequest(request, SipStatus.OK, null);
            LOG.info("call {}: BYE from the {}", call.callerCallId(), from == call.caller ? "caller" : "callee");
            call.bye(from, request);
        } else if (request.method() == SipMethod.INVITE || request.method() == SipMethod.UPDATE) {
            // PEERS: never re-INVITE or UPDATE Meta, so Twilio's (or any callee's) is answered here: a refresh with
            // the SDP that side already has, a media change (which only Meta could take) with 488.
            if (from.bodyToPeer != null && !Call.mediaMoves(from, request)) {
                response = SipResponseBuilder.forRequest(request, SipStatus.OK, null)
                        .addHeader(SipHeaderName.CONTACT, from.contact())
                        .body(from.bodyTypeToPeer, from.bodyToPeer);
            } else {
                response = SipResponseBuilder.forRequest(request, SipStatus.NOT_ACCEPTABLE_HERE, null);
            }
        } else {
            relay(call, from == call.caller ? call.callee : call.caller, request, tx);
            return;
        }
        tx.respond(response.build(alloc));
    }

    /**
     * INFO, NOTIFY, OPTIONS and other in-dialog requests go to the other leg as a request of that dialog, with
     * the body and the headers that give it meaning; the final response comes back to the sender (RFC 3261 12.2).
     */
    private void relay(Call call, Leg to, SipRequest request, ServerTransaction tx) {
        if (to.remoteTarget == null || to.remote.indexOf(";tag=") < 0) {
            tx.respond(SipResponseBuilder.forRequest(request, SipStatus.CALL_DOES_NOT_EXIST, null).build(alloc));
            return;
        }
        SipRequestBuilder b = to.inDialogBuilder(request.method(), to.nextCSeq());
        for (String name : RELAYED_HEADERS) {
            String value = request.header(name);
            if (value != null) {
                b.addHeader(name, value);
            }
        }
        if (request.bodyLength() > 0) {
            b.body(request.contentType(), Call.bodyBytes(request));
        }
        DigestRetry.send(this, call, to, b.build(alloc), new ClientTransactionListener() {
            @Override
            public void onResponse(SipResponse response) {
                SipRequest relayed = tx.request();
                if (response.status() >= 200 && relayed != null) {
                    SipResponseBuilder back = SipResponseBuilder.forRequest(relayed,
                            relayedStatus(response.status()), relayedReason(response));
                    if (response.bodyLength() > 0) {
                        back.body(response.contentType(), response.body());
                    }
                    tx.respond(back.build(alloc));
                }
            }

            @Override
            public void onTimeout() {
                respondIfUnanswered(tx, SipStatus.REQUEST_TIMEOUT, alloc);
            }

            @Override
            public void onTransportError(Throwable cause) {
                respondIfUnanswered(tx, SipStatus.SERVICE_UNAVAILABLE, alloc);
            }
        });
        LOG.debug("call {}: {} relayed", call.callerCallId(), request.method());
    }

    /**
     * Answers {@code tx} with {@code status} unless it has had its final response (its request is then released):
     * a transport error may follow the final response it relayed, e.g. when the ACK of a failure cannot be sent.
     */
    static void respondIfUnanswered(ServerTransaction tx, int status, ByteBufAllocator alloc) {
        SipRequest request = tx.request();
        if (request != null) {
            tx.respond(SipResponseBuilder.forRequest(request, status, null).build(alloc));
        }
    }

    /**
     * A challenge meant for the gateway never reaches the other side, whose credentials are for another realm:
     * an unanswered 401 or 407 becomes 403 (RFC 3261 section 22.2 leaves it to the UAC, which is us).
     */
    static int relayedStatus(int status) {
        return status == SipStatus.UNAUTHORIZED || status == SipStatus.PROXY_AUTHENTICATION_REQUIRED
                ? SipStatus.FORBIDDEN : status;
    }

    /** The reason phrase to relay with {@link #relayedStatus}: the peer's own, unless the status changed. */
    static String relayedReason(SipResponse response) {
        return relayedStatus(response.status()) == response.status() ? response.reasonPhrase() : null;
    }

    private void reply(SipRequest request, TransactionTransport replies, int status) {
        replies.send(Replies.builder(request, status).build(alloc), e -> LOG.debug("{} not sent: {}", status, e.toString()));
    }

    // ---------------------------------------------------------------- responses

    /** A response that arrived on any flow; borrowed. */
    public void onResponse(SipResponse response) {
        ClientTransaction tx = transactions.matchResponse(response);
        if (tx != null) {
            tx.receive(response);
            return;
        }
        LOG.debug("stray response {} {} for Call-ID {}", response.status(), response.cseqMethod(), response.callId());
    }

    // ---------------------------------------------------------------- for calls

    void sendCancel(Call call) {
        ClientInviteTransaction invite = call.calleeInvite;
        if (invite == null) {
            return;
        }
        transactions.sendRequest(invite.newCancel(), call.callee.transport, QUIET);
        // RFC 3261 9.1: without a final response to the INVITE within 64*T1 of the CANCEL, the INVITE is given up.
        timers.schedule(invite::giveUp, transactions.timers().timerB().toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Ends {@code leg}'s dialog with a BYE. The caller's own BYE, {@code cause}, lends Twilio its
     * {@code x-wa-meta-*} headers (PEERS: Meta's BYE carries {@code x-wa-meta-call-duration}).
     */
    void sendBye(Call call, Leg leg, SipRequest cause) {
        if (leg.remoteTarget == null || leg.remote.indexOf(";tag=") < 0) {
            return;
        }
        SipRequestBuilder b = leg.inDialogBuilder(SipMethod.BYE, leg.nextCSeq());
        if (cause != null && leg == call.callee && call.route().direction() == Direction.USER_INITIATED) {
            copyMetaHeaders(cause, b);
        }
        DigestRetry.send(this, call, leg, b.build(alloc), QUIET);
    }

    /** The {@code x-wa-meta-*} headers of Meta's {@code request}, for Twilio's webhook ({@code SipHeader_X-...}). */
    private static void copyMetaHeaders(SipRequest request, SipRequestBuilder to) {
        for (int i = 0; i < request.headerCount(); i++) {
            if (request.headerKind(i) != SipHeaderName.OTHER) {
                // A header the gateway knows by name is never one of Meta's own.
                continue;
            }
            String name = request.headerName(i);
            if (name.regionMatches(true, 0, META_HEADER_PREFIX, 0, META_HEADER_PREFIX.length())) {
                to.addHeader(name, request.headerValue(i));
            }
        }
    }

    /** Runs {@code task} on this loop after {@code delay}. */
    TimerService.Cancellable schedule(Runnable task, Duration delay) {
        return timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts a client transaction of the kind {@code request} needs. */
    ClientTransaction start(SipRequest request, TransactionTransport to, ClientTransactionListener listener) {
        return request.method() == SipMethod.INVITE ? transactions.sendInvite(request, to, listener)
                : transactions.sendRequest(request, to, listener);
    }

    void answered(Call call, Duration setup) {
        LOG.info("call {}: answered after {} ms", call.callerCallId(), setup.toMillis());
        events.answered(call.callerCallId(), setup);
    }

    void ended(Call call, String reason, Duration total, Duration talk) {
        calls.remove(call);
        settings.capacity().callEnded();
        LOG.info("call {}: ended ({}) after {} ms, {} ms answered", call.callerCallId(), reason, total.toMillis(),
                talk.toMillis());
        events.ended(call.callerCallId(), reason, total, talk);
    }

    Logger log() {
        return LOG;
    }

    CallTransport transport() {
        return transport;
    }

    CallSettings settings() {
        return settings;
    }

    ByteBufAllocator alloc() {
        return alloc;
    }

    /** Responses the B2BUA makes up, with a To tag (RFC 3261 section 8.2.6.2). */
    static final class Replies {
        private Replies() {
        }

        static SipResponseBuilder builder(SipRequest request, int status) {
            return builder(request, status, null);
        }

        static SipResponseBuilder builder(SipRequest request, int status, String reason) {
            SipResponseBuilder b = SipResponseBuilder.forRequest(request, status, reason);
            try {
                b.toTag(CallIds.newTag());
            } catch (SipParseException | IllegalArgumentException e) {
                // The response still tells the sender what went wrong.
            }
            return b;
        }
    }
}
