package dev.brickyard.dist;

import java.util.Locale;

/** Parses sizes such as {@code 512k}, {@code 64m}, {@code 1g} or a plain number of bytes. */
public final class Sizes {
    private Sizes() {
    }

    public static long parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        long unit = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        try {
            long size = Long.parseLong(digits) * unit;
            if (size <= 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size such as 512k, 64m or 1g: '" + text + "'");
        }
    }
}
