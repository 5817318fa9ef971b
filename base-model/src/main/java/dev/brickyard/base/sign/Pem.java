package dev.brickyard.base.sign;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text (RFC 7468): labelled base64 blocks such as {@code -----BEGIN PUBLIC KEY-----}. */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    /** One block: its label and its DER bytes. */
    record Block(String label, byte[] der) {
    }

    private Pem() {
    }

    /** Every block of {@code text}, in order. */
    static List<Block> read(String text) throws KeyFormatException {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            try {
                blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
            } catch (IllegalArgumentException e) {
                throw new KeyFormatException("the PEM block " + matcher.group(1) + " is not valid base64", e);
            }
        }
        return blocks;
    }

    /** One block as PEM text, 64 characters a line. */
    static String write(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }
}
