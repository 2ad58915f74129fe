package io.wsgate.console;

import io.wsgate.auth.Identity;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's sign-ins: a random token per sign-in, held in memory (a restart signs everyone
 * out), good for {@link #LIFETIME}. At most {@link #MAX} are held; past that, expired ones go,
 * then the one that would expire first.
 */
final class Sessions {
    /** How long a sign-in lasts. */
    static final Duration LIFETIME = Duration.ofHours(12);

    /** How many sign-ins are held at once. */
    static final int MAX = 1024;

    private record Session(Identity identity, Instant expires) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byToken = new ConcurrentHashMap<>();
    private final Clock clock;

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** A new token that stands for {@code identity} until it expires. */
    String open(Identity identity) {
        if (byToken.size() >= MAX) {
            Instant now = clock.instant();
            byToken.values().removeIf(s -> !s.expires().isAfter(now));
            while (byToken.size() >= MAX) {
                byToken.entrySet().stream()
                        .min(Comparator.comparing(e -> e.getValue().expires()))
                        .ifPresent(e -> byToken.remove(e.getKey()));
            }
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        byToken.put(token, new Session(identity, clock.instant().plus(LIFETIME)));
        return token;
    }

    /** Who {@code token} stands for; empty for an unknown or expired one (which is then forgotten). */
    Optional<Identity> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session session = byToken.get(token);
        if (session == null) {
            return Optional.empty();
        }
        if (!session.expires().isAfter(clock.instant())) {
            byToken.remove(token);
            return Optional.empty();
        }
        return Optional.of(session.identity());
    }

    void close(String token) {
        if (token != null) {
            byToken.remove(token);
        }
    }
}
