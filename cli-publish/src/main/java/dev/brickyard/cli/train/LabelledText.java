package dev.brickyard.cli.train;

/** One training example: a text and its label. */
public record LabelledText(String text, String label) {
}
