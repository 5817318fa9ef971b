package dev.brickyard.cli.sign;

import dev.brickyard.base.sign.SignerKey;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.base.sign.SigningKeyGenerator;
import dev.brickyard.cli.UsageException;
import dev.brickyard.cli.output.OutputOptions;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brick keys create NAME}: a new key pair, made by the JDK's keytool, written as {@code NAME.key.pem} (the
 * private key and its self-signed certificate, readable by its owner only) and {@code NAME.pub.pem} (the public key to
 * register with a registry and list in hosts' trust files). Existing files are never overwritten.
 */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = {"Make a new key pair for signing bricks: NAME.key.pem (private key and self-signed certificate, "
                + "keep it secret) and NAME.pub.pem (public key: register it with "
                + "'PUT /v1/namespaces/{ns}/keys/{fingerprint}' and list it in hosts' --trust files).",
                "Prints the key's fingerprint, the SHA-256 of the public key."})
public final class KeysCreateCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "NAME", description = "The key's name: file names and certificate name.")
    String name;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "rsa-3072",
            description = "rsa-3072 (default: the cheapest for hosts to verify on Java 17, about 0.5 ms a bundle), "
                    + "ec-p256 (about 2.7 ms) or ed25519 (about 1.4 ms; verified by Java 15 and later).")
    String algorithm;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = ".",
            description = "Folder for the two files (default: the current folder).")
    Path directory;

    @Override
    public Integer call() throws Exception {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw new UsageException("key name '" + name + "' must be letters, digits, '.', '_' or '-' (up to 64)");
        }
        SigningKeyGenerator.Algorithm chosen;
        try {
            chosen = SigningKeyGenerator.Algorithm.fromOption(algorithm);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Path privateFile = directory.resolve(name + ".key.pem");
        Path publicFile = directory.resolve(name + ".pub.pem");
        for (Path file : new Path[] {privateFile, publicFile}) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file + " exists; a key is never overwritten");
            }
        }
        Files.createDirectories(directory);
        SigningKey key = SigningKeyGenerator.create(chosen, name);
        key.writePem(privateFile);
        SignerKey signer = key.signer();
        Files.writeString(publicFile, signer.pem());
        if (output.json()) {
            output.printJson(new Created(name, chosen.option(), signer.fingerprint(), privateFile.toString(),
                    publicFile.toString()));
        } else {
            output.result("created %s key %s: %s", chosen.option(), name, signer.fingerprint());
            output.note("private key: %s (keep it secret; sign with 'brick sign --key %s')", privateFile, privateFile);
            output.note("public key:  %s (register it with the registry, list it in hosts' --trust files)",
                    publicFile);
        }
        return 0;
    }

    /** What {@code --json} prints. */
    record Created(String name, String algorithm, String fingerprint, String privateKey, String publicKey) {
    }
}
