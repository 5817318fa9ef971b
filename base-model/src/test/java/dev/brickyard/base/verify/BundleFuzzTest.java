package dev.brickyard.base.verify;

import dev.brickyard.api.MalformedBrickException;
import dev.brickyard.base.fixtures.BrickJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzing of the bundle verifier, which reads every bundle a stranger publishes or uploads: valid head, knowledge
 * and composite bundles with bytes flipped, inserted, deleted or cut off. Whatever comes in, the verifier either
 * accepts the bundle or refuses it with a {@link MalformedBrickException} saying why;
 * never another exception, never a crash of ONNX Runtime. {@code mvn verify} runs a bounded number of tries;
 * docs/security.md says how to run a long campaign.
 */
class BundleFuzzTest {
    private static Path folder;
    private static List<byte[]> bundles;
    private static final BrickVerifier VERIFIER = new BrickVerifier();

    @BeforeContainer
    static void makeBundles() throws Exception {
        folder = Files.createTempDirectory("brickyard-fuzz-");
        bundles = List.of(BrickJar.head("acme/fuzz", "1.0.0", "a", "b").bytes(),
                BrickJar.knowledge("acme/facts", "1.0.0", java.util.Map.of("opening hours", "9 to 5",
                        "returns", "30 days")).bytes());
    }

    @AfterContainer
    static void removeBundles() throws Exception {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Property
    void mutatedBundlesAreAcceptedOrRefusedNeverCrash(@ForAll("mutated") byte[] bundle) throws Exception {
        Path file = Files.write(folder.resolve("bundle.jar"), bundle);
        try {
            VERIFIER.verify(file);
        } catch (MalformedBrickException refused) {
            // refused, with a reason: what a stranger's broken bundle should get
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        return Combinators.combine(Arbitraries.of(bundles), Arbitraries.integers().between(1, 4),
                        Arbitraries.randoms())
                .as((bytes, edits, random) -> {
                    byte[] out = bytes.clone();
                    for (int i = 0; i < edits && out.length > 1; i++) {
                        int at = random.nextInt(out.length);
                        switch (random.nextInt(4)) {
                            case 0 -> out[at] = (byte) random.nextInt(256);
                            case 1 -> out[at] ^= (byte) (1 << random.nextInt(8));
                            case 2 -> out = java.util.Arrays.copyOf(out, at + 1);
                            default -> {
                                byte[] longer = new byte[out.length + 1];
                                System.arraycopy(out, 0, longer, 0, at);
                                longer[at] = (byte) random.nextInt(256);
                                System.arraycopy(out, at, longer, at + 1, out.length - at);
                                out = longer;
                            }
                        }
                    }
                    return out;
                });
    }
}
