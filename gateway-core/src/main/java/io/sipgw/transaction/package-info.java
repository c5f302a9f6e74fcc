/**
 * SIP transactions (RFC 3261 section 17, with RFC 6026's Accepted states): the four state machines, their timers and
 * the per-event-loop {@link io.sipgw.transaction.TransactionTable} that creates and matches them.
 *
 * <p>The package depends only on the message model: it reaches the network through
 * {@link io.sipgw.transaction.TransactionTransport}, which the pipeline implements over a flow, and time through
 * {@link io.sipgw.transaction.TimerService}, the event loop in production and
 * {@link io.sipgw.transaction.ManualTimerService} in tests. Everything runs on one event loop: no locks.
 *
 * <p>A received message handed to a transaction or the table is borrowed; a message handed over to be sent is taken
 * over, and the transaction keeps the last one it sent for retransmissions until it terminates.
 */
package io.sipgw.transaction;
