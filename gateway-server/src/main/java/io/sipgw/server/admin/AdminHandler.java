package io.sipgw.server.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.sipgw.server.GatewayMetrics;
import io.sipgw.server.Readiness;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers {@code /healthz}, {@code /readyz} and {@code /metrics}; 404 for other paths, 405 for other methods. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(AdminHandler.class);
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Readiness readiness;
    private final GatewayMetrics metrics;

    AdminHandler(Readiness readiness, GatewayMetrics metrics) {
        this.readiness = readiness;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            respond(ctx, false, text(ctx, HttpResponseStatus.BAD_REQUEST, "bad request\n"));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String path = path(request.uri());
        boolean known = "/healthz".equals(path) || "/readyz".equals(path) || "/metrics".equals(path);
        if (!known) {
            respond(ctx, keepAlive, text(ctx, HttpResponseStatus.NOT_FOUND, "not found\n"));
        } else if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
            respond(ctx, keepAlive, response);
        } else if ("/healthz".equals(path)) {
            // Alive means this event loop could answer; nothing else is checked, so a restart is never triggered
            // by a dependency being slow.
            respond(ctx, keepAlive, text(ctx, HttpResponseStatus.OK, "ok\n"));
        } else if ("/readyz".equals(path)) {
            HttpResponseStatus status = readiness.isReady() ? HttpResponseStatus.OK
                    : HttpResponseStatus.SERVICE_UNAVAILABLE;
            respond(ctx, keepAlive, text(ctx, status, readiness.describe() + "\n"));
        } else {
            respond(ctx, keepAlive, scrape(ctx));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Admin clients are scrapers and probes; a broken connection is theirs to retry.
        LOG.debug("admin connection from {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }

    private FullHttpResponse scrape(ChannelHandlerContext ctx) {
        ByteBuf body = ctx.alloc().buffer(16 * 1024);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            metrics.scrape(out);
        } catch (IOException | RuntimeException e) {
            body.release();
            LOG.warn("metrics scrape failed", e);
            return text(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "scrape failed\n");
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE);
        return response;
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                ByteBufUtil.writeUtf8(ctx.alloc(), body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    private static void respond(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** The path without query or fragment. */
    private static String path(String uri) {
        int end = uri.length();
        int query = uri.indexOf('?');
        int fragment = uri.indexOf('#');
        if (query >= 0) {
            end = query;
        }
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return uri.substring(0, end);
    }
}
