package io.wsgate.connection;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link Peer} that records what the gateway writes and closes, instead of a socket. */
public final class RecordingPeer implements Peer {
    /** Texts as {@code String}, binaries as {@code byte[]}, in the order sent. */
    public final BlockingQueue<Object> sent = new LinkedBlockingQueue<>();

    public final List<Integer> closes = new CopyOnWriteArrayList<>();

    /** What {@link #writeQueueFull()} answers. */
    public volatile boolean full;

    /** What {@link #clientClosed()} answers. */
    public volatile boolean clientClosed;

    /** Whether reading is paused: the last of {@link #pauseReading} and {@link #resumeReading}. */
    public volatile boolean readingPaused;

    @Override
    public void sendText(String text) {
        sent.add(text);
    }

    @Override
    public void sendBinary(byte[] data) {
        sent.add(data);
    }

    @Override
    public boolean writeQueueFull() {
        return full;
    }

    @Override
    public boolean clientClosed() {
        return clientClosed;
    }

    @Override
    public void close(int code, String reason) {
        closes.add(code);
    }

    @Override
    public void pauseReading() {
        readingPaused = true;
    }

    @Override
    public void resumeReading() {
        readingPaused = false;
    }

    /** The next text sent, waiting up to ten seconds. */
    public String nextText() throws InterruptedException {
        Object next = sent.poll(10, TimeUnit.SECONDS);
        if (!(next instanceof String text)) {
            throw new AssertionError("no text within 10 s, got " + next);
        }
        return text;
    }
}
