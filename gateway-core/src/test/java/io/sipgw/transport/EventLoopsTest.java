package io.sipgw.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.NettyRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLoopsTest {

    private static final boolean LINUX_X86 =
            System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64");

    @Test
    void usesEpollOnLinuxWhenPreferred() {
        try (EventLoops loops = new EventLoops(1, true, "epoll-test")) {
            if (LINUX_X86) {
                // netty-transport-native-epoll (linux-x86_64) is a test dependency, so epoll must load here.
                assertThat(loops.isEpoll()).isTrue();
                assertThat(loops.datagramChannelType()).isEqualTo(EpollDatagramChannel.class);
            }
        }
    }

    @Test
    void usesNioWhenEpollIsNotWanted() {
        try (EventLoops loops = new EventLoops(3, false, "nio-test")) {
            assertThat(loops.isEpoll()).isFalse();
            assertThat(loops.threads()).isEqualTo(3);
            assertThat(loops.supportsReusePort()).isFalse();
            assertThat(loops.datagramChannelsPerAddress()).isEqualTo(1);
            assertThat(loops.datagramChannelType()).isEqualTo(NioDatagramChannel.class);
        }
    }

    @Test
    void defaultsToOneThreadPerCoreAndRejectsZero() {
        assertThat(EventLoops.defaultThreads()).isEqualTo(NettyRuntime.availableProcessors());
        assertThatThrownBy(() -> new EventLoops(0, false, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void epollBindsOneDatagramChannelPerLoopOnTheSamePort() throws Exception {
        try (EventLoops loops = new EventLoops(2, true, "reuseport-test")) {
            if (!loops.isEpoll()) {
                return; // SO_REUSEPORT is an epoll feature; NIO binds one channel (checked above)
            }
            assertThat(loops.datagramChannelsPerAddress()).isEqualTo(2);
            int datagrams = 64;
            CountDownLatch received = new CountDownLatch(datagrams);
            List<AtomicInteger> counts = new ArrayList<>();
            List<Channel> channels = new ArrayList<>();
            int port = 0;
            try {
                for (int i = 0; i < loops.datagramChannelsPerAddress(); i++) {
                    AtomicInteger count = new AtomicInteger();
                    counts.add(count);
                    Channel channel = loops.datagramBootstrap()
                            .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                                    count.incrementAndGet();
                                    received.countDown();
                                }
                            })
                            .bind("127.0.0.1", port).sync().channel();
                    port = ((InetSocketAddress) channel.localAddress()).getPort();
                    channels.add(channel);
                }
                Set<Object> eventLoops = new HashSet<>();
                channels.forEach(channel -> eventLoops.add(channel.eventLoop()));
                assertThat(eventLoops).hasSize(2);

                // The kernel spreads by source address and port: 64 senders all hashed to one socket is 2^-63.
                byte[] payload = "OPTIONS".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < datagrams; i++) {
                    try (DatagramSocket sender = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                        sender.send(new java.net.DatagramPacket(payload, payload.length,
                                InetAddress.getLoopbackAddress(), port));
                    }
                }
                assertThat(received.await(10, TimeUnit.SECONDS)).isTrue();
                assertThat(counts).allSatisfy(count -> assertThat(count.get()).isPositive());
            } finally {
                for (Channel channel : channels) {
                    channel.close().sync();
                }
            }
        }
    }

    @ParameterizedTest(name = "preferEpoll={0}")
    @ValueSource(booleans = {true, false})
    void streamBootstrapsConnect(boolean preferEpoll) throws Exception {
        try (EventLoops loops = new EventLoops(1, preferEpoll, "stream-test")) {
            CompletableFuture<String> serverGot = new CompletableFuture<>();
            Channel server = loops.serverBootstrap()
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    serverGot.complete(msg.toString(StandardCharsets.US_ASCII));
                                }
                            });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            try {
                assertThat(server).isInstanceOf(loops.serverChannelType());
                Channel client = loops.clientBootstrap()
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel ch) {
                            }
                        })
                        .connect(server.localAddress()).sync().channel();
                assertThat(client).isInstanceOf(loops.socketChannelType());
                client.writeAndFlush(Unpooled.copiedBuffer("\r\n\r\n", StandardCharsets.US_ASCII)).sync();
                assertThat(serverGot.get(10, TimeUnit.SECONDS)).isEqualTo("\r\n\r\n");
                client.close().sync();
            } finally {
                server.close().sync();
            }
        }
    }
}
