/**
 * Digest authentication for SIP (RFC 3261 section 22, which borrows RFC 2617's digest, updated by RFC 7616
 * and, for SIP, RFC 8760's SHA-256 and SHA-512/256): parsing challenges and answers, computing the client's
 * response, and the server side (stateless nonces, replay refusal, verification, failure rate limiting).
 *
 * <p>Everything works on header-value strings, so this package depends on no other gateway package.
 */
package io.sipgw.auth;
