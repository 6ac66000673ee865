package dev.krafter.entrypoint;

/** Bad input to the entrypoint; the message says what to change. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
