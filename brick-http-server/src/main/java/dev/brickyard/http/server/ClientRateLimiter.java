package dev.brickyard.http.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per client: {@code rate} tokens a second, at most {@code 2 * rate} saved up. A client is an IPv4
 * address or an IPv6 /64 ({@link PeerAddress#clientKey}). Buckets of clients
 * that have been quiet long enough to be full again are forgotten when there are many.
 */
final class ClientRateLimiter {
    private static final int FORGET_ABOVE = 100_000;

    private final double rate;
    private final double burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(int rate) {
        this.rate = rate;
        this.burst = 2.0 * rate;
    }

    /**
     * Takes a token for {@code client} (a {@link PeerAddress#clientKey}).
     *
     * @return 0 when the request may go ahead, else the whole seconds until the client has a token again
     */
    long acquire(String client) {
        long now = System.nanoTime();
        if (buckets.size() > FORGET_ABOVE) {
            forgetFull(now);
        }
        return buckets.computeIfAbsent(client, any -> new Bucket(burst, now)).take(now, rate, burst);
    }

    private void forgetFull(long now) {
        buckets.values().removeIf(bucket -> bucket.fullBy(now, rate, burst));
    }

    private static final class Bucket {
        private double tokens;
        private long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        synchronized long take(long now, double rate, double burst) {
            refill(now, rate, burst);
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / rate));
        }

        synchronized boolean fullBy(long now, double rate, double burst) {
            refill(now, rate, burst);
            return tokens >= burst;
        }

        private void refill(long now, double rate, double burst) {
            tokens = Math.min(burst, tokens + rate * (now - updated) / TimeUnit.SECONDS.toNanos(1));
            updated = now;
        }
    }
}
