/**
 * The B2BUA: each call is two dialogs (RFC 3261 section 12), the caller leg where the gateway is UAS and the callee
 * leg where it is UAC, bridged by {@link io.sipgw.call.B2bua} on the event loop that owns the call. Depends only on
 * {@code sip}, {@code sdp} and {@code transaction}; the pipeline supplies the transports.
 */
package io.sipgw.call;
