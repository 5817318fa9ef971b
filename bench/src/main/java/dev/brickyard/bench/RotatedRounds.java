package dev.brickyard.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The harness of the registry benchmark: every contender takes a turn in every round, each round starting with the
 * next contender, so that GC debt, JIT work and machine noise fall on all of them alike. Each call is timed on its
 * own; warm-up rounds run the same way and are not recorded.
 */
final class RotatedRounds {
    /** One timed operation; it throws when the operation did not do what it should. */
    interface Call {
        void run() throws Exception;
    }

    /**
     * A named operation and how many times it runs in each turn.
     *
     * @param reset runs after every call, untimed, to undo what the call left behind (a downloaded file, say) so
     *              that every call does the same work
     */
    record Contender(String name, int callsPerTurn, Call call, Call reset) {
        /** An operation that leaves nothing to undo. */
        Contender(String name, int callsPerTurn, Call call) {
            this(name, callsPerTurn, call, () -> { });
        }
    }

    private RotatedRounds() {
    }

    /** The latencies of every contender, in the order given. */
    static List<LatencySamples> measure(List<Contender> contenders, int warmupRounds, int rounds) throws Exception {
        List<LatencySamples> samples = new ArrayList<>();
        contenders.forEach(contender -> samples.add(new LatencySamples()));
        for (int round = 0; round < warmupRounds + rounds; round++) {
            boolean recorded = round >= warmupRounds;
            for (int turn = 0; turn < contenders.size(); turn++) {
                int c = (round + turn) % contenders.size();
                Contender contender = contenders.get(c);
                for (int i = 0; i < contender.callsPerTurn(); i++) {
                    long start = System.nanoTime();
                    contender.call().run();
                    long nanos = System.nanoTime() - start;
                    if (recorded) {
                        samples.get(c).add(nanos);
                    }
                    contender.reset().run();
                }
            }
        }
        return samples;
    }
}
