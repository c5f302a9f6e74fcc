package io.sipgw.bench;

import io.netty.util.concurrent.DefaultThreadFactory;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs JMH's benchmark threads as Netty {@code FastThreadLocalThread}s, like the event loops the gateway's code
 * runs on, so that Netty's per-thread caches (recyclers, temporary arrays) behave as in production
 * ({@code -Djmh.executor=CUSTOM -Djmh.executor.class=io.sipgw.bench.EventLoopLikeExecutor}).
 */
public final class EventLoopLikeExecutor extends ThreadPoolExecutor {

    public EventLoopLikeExecutor(int maxThreads, String prefix) {
        super(maxThreads, maxThreads, 1, TimeUnit.DAYS, new LinkedBlockingQueue<>(),
                new DefaultThreadFactory(prefix));
    }
}
