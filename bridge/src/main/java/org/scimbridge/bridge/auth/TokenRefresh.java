package org.scimbridge.bridge.auth;

/** Keeps a {@link TokenStore} current with its source: the watched token file or the polled directory subtree. */
public interface TokenRefresh extends AutoCloseable {

    /** Reads the source again now (SIGHUP, a change made in the admin UI); returns whether the new list is in use. */
    boolean reload(String trigger);
}
