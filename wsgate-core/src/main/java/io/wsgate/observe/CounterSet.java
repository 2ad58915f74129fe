package io.wsgate.observe;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts in memory; cheap under contention. */
public final class CounterSet implements Metrics {
    private final LongAdder[] adders = new LongAdder[Counter.values().length];

    public CounterSet() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    @Override
    public void increment(Counter counter) {
        adders[counter.ordinal()].increment();
    }

    private volatile Metrics labelled = counter -> {};

    /**
     * Where the labelled reports ({@link #disconnected}, {@link #connectRefused}, {@link
     * #functionInvoked}, {@link #pushed}, {@link #controlCall}) go besides; nowhere until this is called. They are
     * not counted here: they have labels the counters do not.
     */
    public void labelledTo(Metrics sink) {
        this.labelled = sink;
    }

    @Override
    public void disconnected(int code) {
        labelled.disconnected(code);
    }

    @Override
    public void connectRefused(int status) {
        labelled.connectRefused(status);
    }

    @Override
    public void functionInvoked(String function, long durationNanos, long initNanos) {
        labelled.functionInvoked(function, durationNanos, initNanos);
    }

    @Override
    public void pushed(String result) {
        labelled.pushed(result);
    }

    @Override
    public void controlCall(String operation, int status) {
        labelled.controlCall(operation, status);
    }

    @Override
    public void increment(Counter counter, long n) {
        adders[counter.ordinal()].add(n);
    }

    public long count(Counter counter) {
        return adders[counter.ordinal()].sum();
    }

    public Map<Counter, Long> snapshot() {
        var map = new EnumMap<Counter, Long>(Counter.class);
        for (Counter c : Counter.values()) {
            map.put(c, count(c));
        }
        return map;
    }

    @Override
    public String toString() {
        var out = new StringBuilder("CounterSet{");
        snapshot().forEach((c, n) -> {
            if (n > 0) {
                out.append(c.metricName()).append('=').append(n).append(' ');
            }
        });
        return out.append('}').toString();
    }
}
