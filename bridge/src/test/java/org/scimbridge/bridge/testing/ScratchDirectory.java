package org.scimbridge.bridge.testing;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * A throwaway directory server process (slapd, 389-DS) that tests seed and empty the same way whatever its flavour,
 * so each flavour only says how to connect and which containers hold test data.
 */
public interface ScratchDirectory extends AutoCloseable {

    /** A new connection bound as the admin; the caller closes it. */
    LDAPConnection connect() throws LDAPException;

    /** The containers {@link #reset()} empties; they and the base entry stay. */
    List<String> dataContainers();

    /** Adds every entry of the LDIF in file order, so parents must come first. */
    default void addLdif(Reader ldif) throws IOException, LDAPException {
        try (LDAPConnection connection = connect()) {
            DirectoryFixtures.addLdif(connection, ldif);
        }
    }

    default void addLdif(Path ldif) throws IOException, LDAPException {
        try (Reader reader = Files.newBufferedReader(ldif)) {
            addLdif(reader);
        }
    }

    /** Deletes everything below {@link #dataContainers()}, so each test starts from the same tree. */
    default void reset() throws LDAPException {
        try (LDAPConnection connection = connect()) {
            DirectoryFixtures.deleteBelow(connection, dataContainers());
        }
    }

    @Override
    void close();
}
