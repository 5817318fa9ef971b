package dev.brickyard.base.sign;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A key that signs bricks: a private key with its certificate chain, the first certificate holding the public key.
 * A signed JAR names its signer by certificate, so even a key file carries one; a self-signed certificate is
 * enough, because registries and hosts trust keys by fingerprint ({@link SignerKey}), not by certificate authority.
 * It is read from a PKCS#12 keystore or from a PEM file holding a PKCS#8 {@code PRIVATE KEY} block followed by its
 * {@code CERTIFICATE} blocks (the file {@code brick keys create} writes).
 */
public record SigningKey(PrivateKey privateKey, List<X509Certificate> chain) {
    public SigningKey {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs the certificate of its public key");
        }
        chain = List.copyOf(chain);
    }

    /** The public half, named by its fingerprint. */
    public SignerKey signer() {
        return SignerKey.of(chain.get(0).getPublicKey());
    }

    /**
     * Reads the key {@code alias} from a PKCS#12 keystore, or its only key when {@code alias} is null.
     *
     * @throws KeyFormatException when the file is not a PKCS#12 keystore, the password is wrong, or the alias is
     *                            missing or not a key
     */
    public static SigningKey fromPkcs12(Path keystore, char[] password, String alias)
            throws KeyFormatException, IOException {
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException(keystore + " is not a PKCS#12 keystore this password opens: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyFormatException("the password does not open the keystore " + keystore, e);
            }
            throw new KeyFormatException(keystore + " is not a PKCS#12 keystore: " + e.getMessage(), e);
        }
        try {
            List<String> keys = new ArrayList<>();
            for (String name : Collections.list(store.aliases())) {
                if (store.isKeyEntry(name)) {
                    keys.add(name);
                }
            }
            String chosen = alias != null ? alias : keys.size() == 1 ? keys.get(0) : null;
            if (chosen == null || !keys.contains(chosen)) {
                throw new KeyFormatException(keystore + (alias == null ? " holds " + keys.size()
                        + " keys; name one with --alias (" + String.join(", ", keys) + ")"
                        : " has no key '" + alias + "' (keys: " + String.join(", ", keys) + ")"));
            }
            PrivateKey key = (PrivateKey) store.getKey(chosen, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : store.getCertificateChain(chosen)) {
                chain.add((X509Certificate) certificate);
            }
            return new SigningKey(key, chain);
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("the key '" + alias + "' in " + keystore + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a PEM key file: a PKCS#8 {@code PRIVATE KEY} block and the {@code CERTIFICATE} blocks of its chain.
     *
     * @throws KeyFormatException naming what is missing or unreadable
     */
    public static SigningKey fromPem(Path file) throws KeyFormatException, IOException {
        byte[] privateDer = null;
        List<X509Certificate> chain = new ArrayList<>();
        for (Pem.Block block : Pem.read(Files.readString(file, StandardCharsets.US_ASCII))) {
            switch (block.label()) {
                case "PRIVATE KEY" -> privateDer = block.der();
                case "CERTIFICATE" -> chain.add(certificate(block.der()));
                case "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY" -> throw new KeyFormatException(
                        file + " holds a " + block.label() + " block; brick reads unencrypted PKCS#8 keys "
                        + "(-----BEGIN PRIVATE KEY-----) or PKCS#12 keystores (--keystore)");
                default -> {
                    // other blocks (parameters, public keys) say nothing a signer needs
                }
            }
        }
        if (privateDer == null || chain.isEmpty()) {
            throw new KeyFormatException(file + " must hold a -----BEGIN PRIVATE KEY----- block and the "
                    + "-----BEGIN CERTIFICATE----- of its public key (as 'brick keys create' writes)");
        }
        try {
            PrivateKey key = KeyFactory.getInstance(chain.get(0).getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(privateDer));
            return new SigningKey(key, chain);
        } catch (GeneralSecurityException e) {
            throw new KeyFormatException("the private key in " + file + " cannot be read as a "
                    + chain.get(0).getPublicKey().getAlgorithm() + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the key as a PEM key file that only its owner may read (on file systems with POSIX permissions).
     *
     * @throws FileAlreadyExistsException when {@code file} exists: a key is never overwritten
     */
    public void writePem(Path file) throws IOException {
        StringBuilder text = new StringBuilder(Pem.write("PRIVATE KEY", privateKey.getEncoded()));
        try {
            for (X509Certificate certificate : chain) {
                text.append(Pem.write("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (CertificateException e) {
            throw new IllegalStateException("a certificate read from a keystore encodes again", e);
        }
        Files.writeString(file, "", StandardOpenOption.CREATE_NEW);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions here (Windows): the folder's permissions protect the file
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    static X509Certificate certificate(byte[] der) throws KeyFormatException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new KeyFormatException("a CERTIFICATE block is not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
