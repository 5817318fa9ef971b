package dev.brickyard.tools.fit;

import dev.brickyard.api.BrickException;

/** The data cannot support a fit, or the fitted adapter breaks its stated bound. */
public class FitException extends BrickException {
    public FitException(String message) {
        super(message);
    }
}
