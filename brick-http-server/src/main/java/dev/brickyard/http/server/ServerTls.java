package dev.brickyard.http.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The TLS a server answers with: its certificate chain and private key from a PKCS#12 keystore. */
public final class ServerTls {
    private ServerTls() {
    }

    /**
     * A TLS context (TLS 1.2 and 1.3, the JDK's default cipher suites) for the one private key in {@code keystore}.
     *
     * @throws IllegalArgumentException naming the file when it is missing, not a PKCS#12 keystore, the password is
     *                                  wrong, or it holds no private key
     */
    public static SSLContext fromPkcs12(Path keystore, char[] password) {
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no keystore at " + keystore);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw new IllegalArgumentException(wrongPassword ? "the password does not open the keystore " + keystore
                    : keystore + " is not a PKCS#12 keystore (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(keystore + " is not a PKCS#12 keystore (" + e.getMessage() + ")");
        }
        try {
            long keys = Collections.list(store.aliases()).stream().filter(alias -> isKey(store, alias)).count();
            if (keys != 1) {
                throw new IllegalArgumentException("the keystore " + keystore + " holds " + keys + " private keys; "
                        + "a server needs exactly one, with its certificate chain");
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("the password does not open the private key in " + keystore);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the keystore " + keystore + ": " + e.getMessage());
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
