package lowbit;

/** An error the user can fix (bad input, bad config): the CLI prints its message without a stack trace. */
public class LowbitException extends RuntimeException {
    public LowbitException(String message) {
        super(message);
    }

    public LowbitException(String message, Throwable cause) {
        super(message, cause);
    }
}
