package io.sipgw.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authoritative DNS server on 127.0.0.1 (ephemeral UDP port) that answers the A, AAAA and SRV records a test
 * gives it, NXDOMAIN for unknown names and an empty answer (NODATA) for other types, and counts the queries.
 */
final class TestDnsServer implements AutoCloseable {

    /** One configured record: its RDATA and TTL. */
    private record Answer(byte[] rdata, long ttl) {
    }

    private final EventLoops loops = new EventLoops(1, false, "test-dns");
    private final Map<String, List<Answer>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();
    private final Channel channel;

    TestDnsServer() throws InterruptedException {
        channel = loops.datagramBootstrap()
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new SimpleChannelInboundHandler<DatagramDnsQuery>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
                                        ctx.writeAndFlush(answer(query));
                                    }
                                });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** Name servers that are this server only. */
    DnsServerAddressStreamProvider nameServers() {
        return new SingletonDnsServerAddressStreamProvider((InetSocketAddress) channel.localAddress());
    }

    /** Adds an A or AAAA record, by the form of {@code ip}. */
    TestDnsServer address(String name, String ip, long ttl) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
        return add(name, bytes.length == 4 ? DnsRecordType.A : DnsRecordType.AAAA, bytes, ttl);
    }

    /** Adds an SRV record (RFC 2782); {@code target} "." means "not available". */
    TestDnsServer srv(String name, int priority, int weight, int port, String target, long ttl) {
        ByteBuf rdata = Unpooled.buffer();
        try {
            rdata.writeShort(priority).writeShort(weight).writeShort(port);
            if (!target.equals(".")) {
                for (String label : target.split("\\.")) {
                    byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
                    rdata.writeByte(ascii.length).writeBytes(ascii);
                }
            }
            rdata.writeByte(0);
            byte[] bytes = new byte[rdata.readableBytes()];
            rdata.readBytes(bytes);
            return add(name, DnsRecordType.SRV, bytes, ttl);
        } finally {
            rdata.release();
        }
    }

    /**
     * Adds an SRV record whose target is {@code label} followed by a compression pointer (RFC 1035 section
     * 4.1.4) to the question name at offset 12, so the target is {@code label.name}: RFC 2782 forbids this,
     * some servers do it anyway.
     */
    TestDnsServer srvWithCompressedTarget(String name, int port, String label, long ttl) {
        byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
        ByteBuf rdata = Unpooled.buffer();
        try {
            rdata.writeShort(0).writeShort(0).writeShort(port).writeByte(ascii.length).writeBytes(ascii);
            rdata.writeShort(0xc000 | 12);
            byte[] bytes = new byte[rdata.readableBytes()];
            rdata.readBytes(bytes);
            return add(name, DnsRecordType.SRV, bytes, ttl);
        } finally {
            rdata.release();
        }
    }

    /** How many queries for {@code name} and {@code type} arrived. */
    int queries(String name, DnsRecordType type) {
        AtomicInteger count = queries.get(key(name, type));
        return count == null ? 0 : count.get();
    }

    /** How many queries arrived in all. */
    int totalQueries() {
        return queries.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        loops.close();
    }

    private TestDnsServer add(String name, DnsRecordType type, byte[] rdata, long ttl) {
        answers.computeIfAbsent(key(name, type), k -> new CopyOnWriteArrayList<>()).add(new Answer(rdata, ttl));
        return this;
    }

    private boolean knows(String name) {
        return answers.keySet().stream().anyMatch(k -> k.startsWith(name + " "));
    }

    private DatagramDnsResponse answer(DatagramDnsQuery query) {
        DnsQuestion question = query.recordAt(DnsSection.QUESTION);
        String name = question.name().endsWith(".")
                ? question.name().substring(0, question.name().length() - 1) : question.name();
        queries.computeIfAbsent(key(name, question.type()), k -> new AtomicInteger()).incrementAndGet();

        DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
        response.setAuthoritativeAnswer(true).setRecursionAvailable(true);
        response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
        List<Answer> found = answers.getOrDefault(key(name, question.type()), List.of());
        for (Answer answer : found) {
            response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), question.type(),
                    answer.ttl(), Unpooled.wrappedBuffer(answer.rdata())));
        }
        if (found.isEmpty() && !knows(name)) {
            response.setCode(DnsResponseCode.NXDOMAIN);
        }
        return response;
    }

    private static String key(String name, DnsRecordType type) {
        return name + " " + type.name();
    }
}
