package org.scimbridge.bridge.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

/** Data helpers the throwaway test directories share: loading LDIF, emptying containers. */
final class DirectoryFixtures {

    private DirectoryFixtures() {
    }

    /** Adds every entry of the LDIF in file order, so parents must come first. */
    static void addLdif(LDAPConnection connection, Reader ldif) throws IOException, LDAPException {
        try (LDIFReader reader = new LDIFReader(new BufferedReader(ldif))) {
            for (Entry entry = read(reader); entry != null; entry = read(reader)) {
                connection.add(entry);
            }
        }
    }

    /** Deletes everything below the containers, keeping the containers themselves. */
    static void deleteBelow(LDAPConnection connection, List<String> containers) throws LDAPException {
        List<DN> doomed = new ArrayList<>();
        for (String container : containers) {
            // "1.1": no attributes needed; the administrator has no size limit.
            for (SearchResultEntry e : connection.search(container, SearchScope.SUB, Filter.createPresenceFilter("objectClass"),
                    "1.1").getSearchEntries()) {
                if (!e.getParsedDN().equals(new DN(container))) {
                    doomed.add(e.getParsedDN());
                }
            }
        }
        // Deepest first, as a non-leaf entry cannot be deleted (no tree delete control needed).
        doomed.sort(Comparator.comparingInt((DN dn) -> dn.getRDNs().length).reversed());
        for (DN dn : doomed) {
            connection.delete(dn.toString());
        }
    }

    /** Deletes a server's temp folder, deepest paths first. */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static Entry read(LDIFReader reader) throws IOException {
        try {
            return reader.readEntry();
        } catch (LDIFException e) {
            throw new IOException("malformed LDIF: " + e.getMessage(), e);
        }
    }
}
