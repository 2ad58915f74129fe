package io.wsgate.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aBurstIsLetThroughThenTheRateRefills() {
        var bucket = new TokenBucket(3, 2, 0);
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).as("burst spent").isFalse();
        assertThat(bucket.tryTake(SECOND / 4)).as("half a token").isFalse();
        assertThat(bucket.tryTake(SECOND / 2))
                .as("one token after 0.5 s at 2/s")
                .isTrue();
        assertThat(bucket.tryTake(SECOND / 2)).isFalse();
    }

    @Test
    void refillingStopsAtTheBurst() {
        var bucket = new TokenBucket(2, 100, 0);
        bucket.tryTake(0);
        bucket.tryTake(0);
        long later = 60 * SECOND;
        assertThat(bucket.tryTake(later)).isTrue();
        assertThat(bucket.tryTake(later)).isTrue();
        assertThat(bucket.tryTake(later)).as("never more than the burst").isFalse();
    }

    @Test
    void aBurstOfZeroRefusesEverything() {
        var bucket = new TokenBucket(0, 1_000, 0);
        assertThat(bucket.tryTake(SECOND)).isFalse();
        assertThat(bucket.tryTake(10 * SECOND)).isFalse();
    }

    @Test
    void aClockThatGoesBackGivesNothing() {
        var bucket = new TokenBucket(1, 1, SECOND);
        assertThat(bucket.tryTake(SECOND)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
    }
}
