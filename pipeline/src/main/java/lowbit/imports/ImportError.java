package lowbit.imports;

import lowbit.LowbitException;

/** A model file that lowbit cannot import, with the reason (the CLI exits with 2). */
public final class ImportError extends LowbitException {

    public ImportError(String message) {
        super(message);
    }

    public ImportError(String message, Throwable cause) {
        super(message, cause);
    }
}
