package org.scimbridge.bridge.auth;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where the tokens live: the token file ({@link TokenFile#at}) or entries under a subtree of the directory
 * ({@link DirectoryTokens}). {@link TokenAdmin} changes tokens through it; the bridges read it.
 */
public interface TokenRepository {

    /** The stored tokens; a store that cannot be read or holds a malformed entry throws. */
    List<StoredToken> read() throws IOException;

    /** Applies {@code change} to the stored tokens and stores the result; returns it. */
    List<StoredToken> update(UnaryOperator<List<StoredToken>> change) throws IOException;

    /** Names the store in messages, e.g. the file's path or the subtree's DN. */
    String describe();
}
