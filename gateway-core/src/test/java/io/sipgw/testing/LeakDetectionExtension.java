package io.sipgw.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Fails a test class when Netty's leak detector (paranoid in the build) reports a buffer that was never released:
 * after the class, it collects garbage, lets the detector run, and checks what it logged.
 */
public final class LeakDetectionExtension implements AfterAllCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    static {
        Logger logger = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getFormattedMessage().contains("LEAK")) {
                    synchronized (LEAKS) {
                        LEAKS.add(event.getFormattedMessage());
                    }
                }
            }
        };
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 3; round++) {
            System.gc();
            Thread.sleep(20);
            // The detector reports collected leaks when it tracks a new buffer.
            for (int i = 0; i < 64; i++) {
                ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(8);
                ByteBuf b = PooledByteBufAllocator.DEFAULT.heapBuffer(8);
                ByteBuf c = UnpooledByteBufAllocator.DEFAULT.buffer(8);
                a.release();
                b.release();
                c.release();
            }
        }
        synchronized (LEAKS) {
            if (!LEAKS.isEmpty()) {
                String first = LEAKS.get(0);
                int n = LEAKS.size();
                LEAKS.clear();
                throw new AssertionError(n + " buffer leak(s) reported by Netty during "
                        + context.getDisplayName() + ":\n" + first);
            }
        }
    }
}
