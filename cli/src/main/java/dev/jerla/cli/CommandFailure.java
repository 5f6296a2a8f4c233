package dev.jerla.cli;

/** A command cannot go on; the message is printed after "jerla: " and the run exits with {@code status}. */
final class CommandFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    CommandFailure(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
