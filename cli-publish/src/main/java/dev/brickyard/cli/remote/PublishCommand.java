package dev.brickyard.cli.remote;

import dev.brickyard.api.version.BrickId;
import dev.brickyard.api.version.SemVer;
import dev.brickyard.base.sign.BrickSignatures;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import dev.brickyard.cli.sign.SigningKeyOptions;
import dev.brickyard.http.client.RegistryClient;
import dev.brickyard.http.client.TransferProgress;
import dev.brickyard.tools.pack.BrickPacker;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick publish [JAR|DIR]}: packs a folder first, then verifies the bundle locally as fully as the registry
 * will (so a bad brick fails before any upload), then uploads it with the stored token. An upload that is cut off
 * (Ctrl-C, lost connection) publishes nothing: the registry commits a version only when all bytes arrived.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Publish a brick to a registry: a bundle (JAR), or a brick folder (DIR) which is packed first.",
                "The brick is verified locally before anything is uploaded. Publishing the same bytes again is "
                        + "harmless; other bytes under a published version are refused (versions are immutable)."})
public final class PublishCommand implements Callable<Integer> {
    @Mixin
    RegistryOptions registry;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "JAR|DIR", defaultValue = ".",
            description = "The bundle or brick folder (default: the current folder).")
    Path source;

    @Option(names = "--dry-run", description = "Pack and verify, but upload nothing.")
    boolean dryRun;

    @Option(names = "--sign", description = "Sign the bundle before the upload, with --key or --keystore (as "
            + "'brick sign'); a bundle that is a JAR is signed in a copy, the file itself is left as it is.")
    boolean sign;

    @Mixin
    SigningKeyOptions signingKey;

    @Override
    public Integer call() throws Exception {
        if (!Files.exists(source)) {
            throw new NoSuchFileException(source + ": no such file or folder");
        }
        Path packed = null;
        try {
            Path bundle = source;
            VerifiedBrick brick;
            if (Files.isDirectory(source)) {
                if (!Files.isRegularFile(source.resolve("brick.json"))) {
                    throw new UsageException(source + " is not a brick folder: it has no brick.json "
                            + "(make one with 'brick new' and 'brick train')");
                }
                packed = Files.createTempDirectory("brick-publish");
                bundle = packed.resolve("brick.jar");
                brick = new BrickPacker().pack(source, bundle);
                output.note("packed %s@%s from %s", brick.manifest().id(), brick.manifest().version(), source);
            } else {
                brick = new BrickVerifier().verify(bundle);
            }
            BrickVerifier.requireKnownBase(brick.manifest());
            BrickId id = BrickId.parse(brick.manifest().id());
            SemVer version = SemVer.parse(brick.manifest().version());
            if (sign) {
                SigningKey key = signingKey.load();
                packed = packed != null ? packed : Files.createTempDirectory("brick-publish");
                Path signed = packed.resolve("signed.jar");
                BrickSignatures.sign(bundle, signed, key);
                bundle = signed;
                output.note("signed %s@%s with key %s", id, version,
                        BrickSignatures.read(signed).signer().fingerprint());
                brick = new BrickVerifier().verify(bundle);
            } else if (signingKey.given()) {
                throw new UsageException("--key and --keystore sign only with --sign");
            }
            output.note("verified %s@%s (%d bytes, %s)", id, version, brick.size(), brick.sha256());
            if (dryRun) {
                output.result("dry run: %s@%s is valid; nothing was uploaded", id, version);
                return 0;
            }
            RegistryClient client = registry.client(output, id.namespace());
            RegistryClient.Published published;
            Thread interrupted = new Thread(() -> output.err().printf("%ninterrupted: the upload of %s@%s was cut "
                    + "off; the registry keeps nothing of an incomplete upload%n", id, version));
            Runtime.getRuntime().addShutdownHook(interrupted);
            try (TransferProgress progress = output.progress()) {
                published = client.publish(id, version, bundle, progress);
            } finally {
                removeHook(interrupted);
            }
            if (output.json()) {
                output.printJson(published);
            } else if (published.created()) {
                output.result("published %s@%s to %s (%s)", id, version, client.base(), published.version().digest());
                output.note("page: %sbricks/%s", client.base(), id);
            } else {
                output.result("%s@%s was already published with the same bytes; nothing changed", id, version);
            }
            return 0;
        } finally {
            if (packed != null) {
                try (Stream<Path> files = Files.walk(packed)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: the process is exiting because of Ctrl-C
        }
    }
}
