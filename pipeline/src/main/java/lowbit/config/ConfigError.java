package lowbit.config;

import lowbit.LowbitException;

/** A configuration problem; the message names the key and where it was set. */
public class ConfigError extends LowbitException {
    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
