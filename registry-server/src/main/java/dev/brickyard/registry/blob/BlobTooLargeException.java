package dev.brickyard.registry.blob;

import java.io.IOException;

/** An upload passed the size limit; the staged bytes were deleted. */
public class BlobTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    public BlobTooLargeException(long limit) {
        super("the upload exceeds the limit of " + limit + " bytes");
    }
}
