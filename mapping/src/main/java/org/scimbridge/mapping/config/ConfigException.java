package org.scimbridge.mapping.config;

/** A configuration error that names the file, the key and what is wrong, so start-up can stop with a precise message. */
public final class ConfigException extends RuntimeException {

    private final String file;
    private final String key;
    private final String reason;

    public ConfigException(String file, String key, String reason) {
        super(file + ": " + (key.isEmpty() ? "" : "key '" + key + "': ") + reason);
        this.file = file;
        this.key = key;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public String key() {
        return key;
    }

    public String reason() {
        return reason;
    }
}
