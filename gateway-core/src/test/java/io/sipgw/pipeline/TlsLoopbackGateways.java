package io.sipgw.pipeline;

import io.netty.handler.ssl.SslContext;
import io.sipgw.transport.TestCertificates;
import io.sipgw.transport.TlsContexts;

/** Starts a {@link LoopbackGateway} with TLS on the shared test certificate and the default TLS provider. */
final class TlsLoopbackGateways {

    private TlsLoopbackGateways() {
    }

    static LoopbackGateway start(PipelineSettings settings) throws Exception {
        TestCertificates certificates = TestCertificates.shared();
        SslContext tls = TlsContexts.forServer(certificates.certificateChain(), certificates.pkcs8Key(),
                TlsContexts.defaultProvider());
        return new LoopbackGateway(settings, tls);
    }
}
