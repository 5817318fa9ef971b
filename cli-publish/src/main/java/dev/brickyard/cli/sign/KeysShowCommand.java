package dev.brickyard.cli.sign;

import dev.brickyard.base.sign.BrickSignature;
import dev.brickyard.base.sign.BrickSignatures;
import dev.brickyard.base.sign.KeyFormatException;
import dev.brickyard.base.sign.SignerKey;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code brick keys show FILE}: the fingerprint of a public key file, a key file or the signer of a signed bundle,
 * with the public key as PEM.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print the fingerprint and public key of a public key (.pub.pem), a key file (.key.pem) or a "
                + "signed bundle's signer (.jar).")
public final class KeysShowCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "FILE", description = "A PEM public key or key file, or a bundle.")
    Path file;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": no such file");
        }
        SignerKey key = read(file);
        if (output.json()) {
            output.printJson(new Shown(key.fingerprint(), key.pem()));
        } else {
            output.result("%s%n%s", key.fingerprint(), key.pem().strip());
        }
        return 0;
    }

    private static SignerKey read(Path file) throws Exception {
        if (file.getFileName().toString().endsWith(".jar")) {
            BrickSignature signature = BrickSignatures.read(file);
            if (!signature.signed()) {
                throw new UsageException(file + " is not signed");
            }
            return signature.signer();
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            return text.contains("PRIVATE KEY") ? SigningKey.fromPem(file).signer() : SignerKey.fromPem(text);
        } catch (KeyFormatException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
    }

    /** What {@code --json} prints. */
    record Shown(String fingerprint, String publicKey) {
    }
}
