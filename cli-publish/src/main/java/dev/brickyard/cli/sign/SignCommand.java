package dev.brickyard.cli.sign;

import dev.brickyard.base.sign.BrickSignature;
import dev.brickyard.base.sign.BrickSignatures;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.base.verify.BrickVerifier;
import dev.brickyard.base.verify.VerifiedBrick;
import dev.brickyard.cli.output.OutputOptions;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick sign JAR}: verifies the bundle as a brick, signs it as a standard signed JAR and checks the signature
 * it wrote. A bundle that is not a valid brick is not signed: a signature vouches for what it covers.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a brick bundle as a standard signed JAR (what 'jarsigner -verify' and OSGi frameworks "
                + "check): every entry's SHA-256 in META-INF/MANIFEST.MF, signed in META-INF/BRICK.SF and BRICK.EC "
                + "(or .RSA).",
                "The bundle is verified as a brick first; registries and hosts trust the key by its fingerprint "
                        + "('brick keys show')."})
public final class SignCommand implements Callable<Integer> {
    @Mixin
    SigningKeyOptions key;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "JAR", description = "The bundle to sign.")
    Path bundle;

    @Option(names = {"-o", "--out", "--output"}, paramLabel = "JAR",
            description = "Where to write the signed bundle (default: sign JAR in place)."
                    + " --output is its old, deprecated name.")
    Path target;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(bundle)) {
            throw new NoSuchFileException(bundle + ": no such bundle");
        }
        SigningKey signingKey = key.load();
        VerifiedBrick brick = new BrickVerifier().verify(bundle);
        Path signed = target != null ? target : bundle;
        BrickSignatures.sign(bundle, signed, signingKey);
        BrickSignature signature = BrickSignatures.read(signed); // read back as a host will
        if (output.json()) {
            output.printJson(new Signed(brick.manifest().id(), brick.manifest().version(), signed.toString(),
                    signature.signer().fingerprint(), BrickVerifier.sha256(signed)));
        } else {
            output.result("signed %s@%s -> %s with key %s", brick.manifest().id(), brick.manifest().version(), signed,
                    signature.signer().fingerprint());
        }
        return 0;
    }

    /** What {@code --json} prints. */
    record Signed(String id, String version, String file, String signer, String digest) {
    }
}
