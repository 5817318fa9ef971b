package dev.brickyard.registry.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one stylesheet of the pages, {@code style.css} next to this class, read once. Pages link to it with its
 * content hash in the URL ({@code ?v=}), so browsers may keep it for a year and still see a new one at once.
 *
 * @param css the file's bytes
 * @param version the first 16 hex digits of its SHA-256, also its entity tag
 */
record Stylesheet(byte[] css, String version) {
    static final String PATH = "assets/style.css";

    static Stylesheet load() {
        try (InputStream in = Stylesheet.class.getResourceAsStream("style.css")) {
            if (in == null) {
                throw new IllegalStateException("style.css is missing from the registry's classpath");
            }
            byte[] css = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(css));
            return new Stylesheet(css, hash.substring(0, 16));
        } catch (IOException e) {
            throw new UncheckedIOException("style.css cannot be read", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The URL pages link to, under the site root (e.g. {@code /}). */
    String href(String root) {
        return root + PATH + "?v=" + version;
    }
}
