package dev.brickyard.host;

import java.util.List;

/** The answers of the requested bricks for one input text, in the order the bricks were named. */
public record Inference(String text, List<BrickAnswer> answers) {
    public Inference {
        answers = List.copyOf(answers);
    }
}
