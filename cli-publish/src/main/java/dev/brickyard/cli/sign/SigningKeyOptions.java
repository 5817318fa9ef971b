package dev.brickyard.cli.sign;

import dev.brickyard.base.sign.KeyFormatException;
import dev.brickyard.base.sign.SigningKey;
import dev.brickyard.cli.CliEnvironment;
import dev.brickyard.cli.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The key that signs: {@code --key FILE} (a PEM file with a PKCS#8 private key and its certificate, as
 * {@code brick keys create} writes) or {@code --keystore FILE} (PKCS#12) with {@code --alias} and the password in
 * {@value #PASSWORD_VARIABLE} or {@code --keystore-password-file}; never on the command line, where other users of the
 * machine could read it.
 */
public final class SigningKeyOptions {
    /** The environment variable holding the keystore's password. */
    public static final String PASSWORD_VARIABLE = "BRICK_KEYSTORE_PASSWORD";

    private final CliEnvironment environment;

    @Option(names = "--key", paramLabel = "FILE",
            description = "PEM key file: a PKCS#8 private key and its certificate (as 'brick keys create' writes).")
    Path keyFile;

    @Option(names = "--keystore", paramLabel = "FILE",
            description = "PKCS#12 keystore holding the signing key; its password in " + PASSWORD_VARIABLE
                    + " or --keystore-password-file.")
    Path keystore;

    @Option(names = "--alias", paramLabel = "NAME",
            description = "The key's alias in the keystore (default: its only key).")
    String alias;

    @Option(names = "--keystore-password-file", paramLabel = "FILE",
            description = "File whose first line is the keystore's password.")
    Path passwordFile;

    public SigningKeyOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    /** Whether a key was named. */
    public boolean given() {
        return keyFile != null || keystore != null;
    }

    /**
     * The named key.
     *
     * @throws UsageException when no key or both kinds are named, the password is missing, or the file holds no
     *                        readable key
     */
    public SigningKey load() throws UsageException, IOException {
        if (keyFile != null && keystore != null) {
            throw new UsageException("name the key with --key or with --keystore, not both");
        }
        if (!given()) {
            throw new UsageException("signing needs a key: --key FILE (from 'brick keys create') or --keystore FILE");
        }
        Path file = keyFile != null ? keyFile : keystore;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file + ": no such key file");
        }
        try {
            if (keyFile != null) {
                return SigningKey.fromPem(keyFile);
            }
            return SigningKey.fromPkcs12(keystore, password(), alias);
        } catch (KeyFormatException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private char[] password() throws UsageException, IOException {
        if (passwordFile != null) {
            return Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("")
                    .toCharArray();
        }
        String password = environment.variable(PASSWORD_VARIABLE);
        if (password == null) {
            throw new UsageException("the keystore's password is missing: set " + PASSWORD_VARIABLE
                    + " or give --keystore-password-file");
        }
        return password.toCharArray();
    }
}
