package dev.brickyard.bench;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.base.BaseModelVariant;
import dev.brickyard.base.sign.BrickSignatures;
import dev.brickyard.base.sign.SignatureOutcome;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.base.sign.SigningKeyGenerator;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.host.BrickHost;
import dev.brickyard.host.HostOptions;
import dev.brickyard.host.InstalledBrick;
import dev.brickyard.host.trust.TrustPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What checking signatures adds to an install, for each example bundle signed with a key of {@code --algorithm}
 * (rsa-3072 by default, ec-p256, ed25519): a host under the trust policy {@code require} installs and uninstalls the
 * signed bundle in rounds (the install reads and verifies the brick, verifying its signature from the entries that
 * read gave, checks the signer against the policy, keeps the archive, loads it in Felix and smoke-tests it), and in
 * the same rounds the signature check alone as the install runs it: {@link BrickSignatures#verify} over the entries
 * as read (their SHA-256 against the manifest, the signature block checked by the JDK on the smallest entry) and
 * {@link TrustPolicy#check(SignatureOutcome, BrickId)}. For comparison it also times the check as it was before it
 * shared the install's read ({@link BrickSignatures#read}: every entry read again through the JDK's verifying
 * {@code JarFile}). Prints, per bundle, the p50 of each and the check's share of the install (target <= 10 %).
 *
 * <p>Run: {@code mvn -q -DskipTests install && mvn -q -pl bench exec:java
 * -Dexec.mainClass=dev.brickyard.bench.SignatureBenchmark -Dexec.args="--rounds 100 --algorithm rsa-3072"}
 */
public final class SignatureBenchmark {
    private SignatureBenchmark() {
    }

    /** Every file entry of a bundle, as the verifier's read gives them to the signature check. */
    private static Map<String, byte[]> entries(Path bundle) throws IOException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (!entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return entries;
    }

    public static void main(String[] args) throws Exception {
        int rounds = 100;
        SigningKeyGenerator.Algorithm algorithm = SigningKeyGenerator.Algorithm.RSA_3072;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--algorithm" -> algorithm = SigningKeyGenerator.Algorithm.fromOption(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path home = Path.of(System.getProperty("brickyard.home", ".."));
        List<Path> bundles = new ArrayList<>();
        try (DirectoryStream<Path> examples = Files.newDirectoryStream(home.resolve("bundles"))) {
            for (Path example : examples) {
                if (Files.isDirectory(example.resolve("target"))) {
                    try (DirectoryStream<Path> jars = Files.newDirectoryStream(example.resolve("target"), "*.jar")) {
                        jars.forEach(bundles::add);
                    }
                }
            }
        }
        bundles.sort(null);
        SigningKey key = SigningKeyGenerator.create(algorithm, "benchmark");
        TrustPolicy policy = new TrustPolicy(TrustPolicy.Mode.REQUIRE, List.of(new TrustPolicy.TrustedKey(
                "benchmark", key.signer().fingerprint(), List.of("*"))), false);
        Path scratch = Files.createTempDirectory("signature-benchmark");
        System.out.printf(Locale.ROOT, "signature check p50 / install p50 under trust mode require, %s key, %d "
                + "rounds%n", algorithm, rounds);
        try (BrickHost host = BrickHost.open(new HostOptions(BaseModelVariant.FP32, null).withTrust(policy))) {
            for (Path bundle : bundles) {
                Path signed = scratch.resolve(bundle.getFileName());
                BrickSignatures.sign(bundle, signed, key);
                BrickId id = new BrickVerifier().verify(signed).manifest().brickId();
                Map<String, byte[]> entries = entries(signed);
                LatencySamples install = new LatencySamples();
                LatencySamples check = new LatencySamples();
                LatencySamples secondRead = new LatencySamples();
                for (int round = -rounds / 10; round < rounds; round++) {
                    long start = System.nanoTime();
                    InstalledBrick installed = host.install(signed);
                    long installedAt = System.nanoTime();
                    // in turns first, so that neither profits from what the other left in caches
                    long oneRead = 0;
                    long twoReads = 0;
                    for (boolean first : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                        long before = System.nanoTime();
                        if (first) {
                            policy.check(BrickSignatures.verify(signed, entries), id);
                            oneRead = System.nanoTime() - before;
                        } else {
                            policy.check(signed, id);
                            twoReads = System.nanoTime() - before;
                        }
                    }
                    host.uninstall(installed.id());
                    if (round >= 0) {
                        install.add(installedAt - start);
                        check.add(oneRead);
                        secondRead.add(twoReads);
                    }
                }
                double installMillis = install.percentileMillis(0.5);
                double checkMillis = check.percentileMillis(0.5);
                double share = checkMillis / installMillis;
                System.out.printf(Locale.ROOT, "  %-36s install %8.3f ms, signature check %7.3f ms, %5.1f %% "
                        + "(target <= 10 %%): %s; with a second read %7.3f ms%n", bundle.getFileName(),
                        installMillis, checkMillis, share * 100, share <= 0.10 ? "met" : "NOT met",
                        secondRead.percentileMillis(0.5));
            }
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
