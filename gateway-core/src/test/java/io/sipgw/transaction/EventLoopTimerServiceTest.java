package io.sipgw.transaction;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class EventLoopTimerServiceTest {

    private final EventExecutor loop = new DefaultEventExecutor();
    private final TimerService timers = new EventLoopTimerService(loop);

    @AfterEach
    void shutDown() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void runsTheTaskOnTheLoop() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Boolean> onLoop = new AtomicReference<>();
        loop.execute(() -> timers.schedule(() -> {
            onLoop.set(loop.inEventLoop());
            done.countDown();
        }, 1, TimeUnit.MILLISECONDS));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(onLoop.get()).isTrue();
    }

    @Test
    void aCancelledTaskDoesNotRun() throws InterruptedException {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch after = new CountDownLatch(1);
        loop.execute(() -> {
            timers.schedule(() -> ran.set(true), 20, TimeUnit.MILLISECONDS).cancel();
            timers.schedule(after::countDown, 40, TimeUnit.MILLISECONDS);
        });
        assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).isFalse();
    }
}
