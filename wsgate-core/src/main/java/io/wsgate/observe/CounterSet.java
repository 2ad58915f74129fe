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
