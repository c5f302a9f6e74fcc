package io.sipgw.pipeline;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.NetUtil;
import io.sipgw.sip.SipRequest;
import io.sipgw.sip.Via;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * Records in the top Via of a received request where it really came from: {@code received} (RFC 3261 section
 * 18.2.1) and the value of a valueless {@code rport} (RFC 3581 section 4), so that responses and the B2BUA can
 * find the sender behind a NAT.
 */
final class ViaReceived {

    private ViaReceived() {
    }

    /**
     * {@code request} itself when its top Via needs no change (nothing is re-encoded), otherwise a new request with
     * the top Via rewritten; the caller then releases both. Throws {@code SipParseException} for a top Via that
     * cannot be read.
     */
    static SipRequest stamp(SipRequest request, InetSocketAddress source, ByteBufAllocator alloc) {
        Via via = request.topVia();
        Via stamped = stamp(via, source);
        if (stamped == via) {
            return request;
        }
        return request.toBuilder().popVia().pushVia(stamped).build(alloc);
    }

    /** {@code via} with {@code received} and {@code rport} set as needed; {@code via} itself when none is. */
    static Via stamp(Via via, InetSocketAddress source) {
        InetAddress address = source.getAddress();
        // RFC 3261 section 25.1: via-received is an IPv4address or IPv6address, the latter without the brackets of
        // an IPv6reference; RFC 5118 section 4.5 asks receivers to accept both, so the bare form is written.
        String sourceIp = NetUtil.toAddressString(address);
        boolean fillRport = via.hasRport() && via.rport() < 0;
        // RFC 3581 section 4: a request asking for rport gets received "even if it is identical to the sent-by".
        boolean addReceived = (fillRport || !isSameAddress(via.host(), address)) && !sourceIp.equals(via.received());
        Via out = via;
        if (fillRport) {
            out = out.withParam("rport", Integer.toString(source.getPort()));
        }
        if (addReceived) {
            out = out.withParam("received", sourceIp);
        }
        return out;
    }

    /** Whether the sent-by host is an IP literal equal to {@code address}; a host name never is (no lookups). */
    private static boolean isSameAddress(String host, InetAddress address) {
        String literal = host.length() > 2 && host.charAt(0) == '[' ? host.substring(1, host.length() - 1) : host;
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(literal);
        return bytes != null && Arrays.equals(bytes, address.getAddress());
    }
}
