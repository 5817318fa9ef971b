package dev.brickyard.tools.data;

/** One training example: a text and its label. */
public record LabelledText(String text, String label) {
}
