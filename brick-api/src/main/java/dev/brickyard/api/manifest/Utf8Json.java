package dev.brickyard.api.manifest;

import dev.brickyard.api.MalformedBrickException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The one encoding rule for the JSON files of a brick ({@code brick.json}, {@code recipe.json}): UTF-8 without a byte
 * order mark, as RFC 8259 §8.1 requires of JSON exchanged between systems. Jackson would also read UTF-16 and UTF-32
 * and skip a BOM, but everything after the verifier (the registry's stored copy, its pages, a host's messages)
 * reads the bytes as UTF-8; so any other encoding is refused here, before anything is parsed or stored.
 */
final class Utf8Json {
    private Utf8Json() {
    }

    /**
     * Refuses bytes that are not UTF-8 without a BOM.
     *
     * @param file how the message names the file, e.g. {@code brick.json}
     * @throws MalformedBrickException naming the file and what is wrong
     */
    static void require(byte[] json, String file) throws MalformedBrickException {
        if (json.length >= 3 && (json[0] & 0xff) == 0xEF && (json[1] & 0xff) == 0xBB && (json[2] & 0xff) == 0xBF) {
            throw new MalformedBrickException(file + " starts with a UTF-8 byte order mark; write it as UTF-8 "
                    + "without one");
        }
        if (json.length >= 2 && ((json[0] & 0xff) == 0xFE && (json[1] & 0xff) == 0xFF
                || (json[0] & 0xff) == 0xFF && (json[1] & 0xff) == 0xFE)) {
            throw new MalformedBrickException(file + " starts with a UTF-16 or UTF-32 byte order mark; write it as "
                    + "UTF-8");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new MalformedBrickException(file + " is not UTF-8 text; write it as UTF-8", e);
        }
        for (byte b : json) {
            if (b == 0) {
                // valid UTF-8, but a NUL is never in JSON text outside an escape: UTF-16 or UTF-32 without a BOM
                throw new MalformedBrickException(file + " is not valid JSON text: it holds NUL bytes, as UTF-16 or "
                        + "UTF-32 text does; write it as UTF-8");
            }
        }
    }
}
