package io.wsgate.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/**
 * What the gateway writes to one logger (functions' output, {@code
 * io.wsgate.runtime.FunctionOutput}, unless another is named), at INFO while this is open: every
 * line as the log shows it, in order, for a test to wait for and read. Appending never waits for a
 * test that waits for a line.
 */
public final class LogLines extends UnsynchronizedAppenderBase<ILoggingEvent> implements AutoCloseable {
    private final Logger logger;
    private final Level before;
    private final boolean additive;
    private final List<String> lines = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();

    public LogLines() {
        this("io.wsgate.runtime.FunctionOutput");
    }

    public LogLines(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        before = logger.getLevel();
        additive = logger.isAdditive();
        setContext(logger.getLoggerContext());
        start();
        logger.addAppender(this);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false); // kept here, not printed with the test's output
    }

    @Override
    protected void append(ILoggingEvent event) {
        lock.lock();
        try {
            lines.add(event.getFormattedMessage());
            added.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The first line logged so far, or within {@link TestClient#WAIT}, that {@code wanted} accepts. */
    public String await(String what, Predicate<String> wanted) {
        long left = TestClient.WAIT.toNanos();
        lock.lock();
        try {
            while (true) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
                if (left <= 0) {
                    throw new AssertionError(
                            "no log line " + what + " within " + TestClient.WAIT + "; logged: " + lines);
                }
                left = added.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            lock.unlock();
        }
    }

    /** Every line logged so far that {@code wanted} accepts, in order. */
    public List<String> all(Predicate<String> wanted) {
        lock.lock();
        try {
            return lines.stream().filter(wanted).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        logger.setLevel(before);
        logger.setAdditive(additive);
        stop();
    }
}
