package dev.jerla.cli.image;

import java.io.IOException;

/** A system image cannot be built or read; the message says what to do about it. */
public final class ImageException extends IOException {
    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }
}
