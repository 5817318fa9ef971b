package dev.brickyard.registry.publish;

/** The prose of a brick card: its Markdown without the YAML front matter. */
public final class CardText {
    private CardText() {
    }

    /** The card without a leading {@code ---} front matter block. */
    public static String body(String card) {
        if (card == null) {
            return "";
        }
        String text = card.replace("\r\n", "\n");
        if (text.startsWith("---\n")) {
            int end = text.indexOf("\n---", 4);
            if (end >= 0) {
                int next = text.indexOf('\n', end + 4);
                return next < 0 ? "" : text.substring(next + 1);
            }
        }
        return text;
    }
}
