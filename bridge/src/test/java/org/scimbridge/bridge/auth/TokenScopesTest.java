package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TokenScopesTest {

    @Test
    void readAndWriteOnEveryResourceTypeIsWhatAnOldEntryMeans() {
        assertEquals(TokenScopes.ALL, TokenScopes.parse("read,write"));
        assertTrue(TokenScopes.ALL.allows(true, Optional.of("Groups")));
        assertTrue(TokenScopes.ALL.allows(false, Optional.empty()));
    }

    @Test
    void aReadOnlyTokenMayNotWrite() {
        TokenScopes read = TokenScopes.parse("read");
        assertTrue(read.allows(false, Optional.of("Users")));
        assertFalse(read.allows(true, Optional.of("Users")));
    }

    @Test
    void writeDoesNotImplyRead() {
        TokenScopes write = TokenScopes.parse("write");
        assertFalse(write.allows(false, Optional.of("Users")));
        assertTrue(write.allows(true, Optional.of("Users")));
    }

    @Test
    void aUsersOnlyTokenReachesNeitherGroupsNorRequestsSpanningEveryType() {
        TokenScopes users = TokenScopes.parse("read,write,users");
        assertEquals(Optional.of("Users"), users.resource());
        assertTrue(users.allows(true, Optional.of("Users")));
        assertFalse(users.allows(false, Optional.of("Groups")));
        assertFalse(users.allows(false, Optional.empty()));
    }

    @Test
    void scopesRoundTripThroughTheirListForm() {
        TokenScopes scopes = TokenScopes.parse(List.of("write", "Groups", "read"));
        assertEquals(List.of("read", "write", "Groups"), scopes.words());
        assertEquals(scopes, TokenScopes.parse(scopes.words()));
    }

    @Test
    void unknownScopesBothResourceTypesAndNoAccessAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TokenScopes.parse("read,admin"));
        assertThrows(IllegalArgumentException.class, () -> TokenScopes.parse("read,Users,Groups"));
        assertThrows(IllegalArgumentException.class, () -> TokenScopes.parse("Users"));
    }
}
