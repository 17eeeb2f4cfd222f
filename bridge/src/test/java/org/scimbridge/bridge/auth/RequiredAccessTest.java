package org.scimbridge.bridge.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiredAccessTest {

    @ParameterizedTest(name = "{0} {1} needs {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /Users                  | read Users
            GET    | /Users/42               | read Users
            POST   | /Users/.search          | read Users
            POST   | /Users                  | write Users
            PUT    | /Users/42               | write Users
            PATCH  | /Groups/7               | write Groups
            DELETE | /Groups/7               | write Groups
            GET    | /Groups                 | read Groups
            POST   | /.search                | read
            POST   | /Bulk                   | write
            GET    | /Nonsense               | read
            """)
    void methodAndPathGiveTheScope(String method, String path, String scope) {
        RequiredAccess access = RequiredAccess.of(method, path);
        assertEquals(false, access.anyToken());
        assertEquals(scope, access.scope());
    }

    @ParameterizedTest(name = "GET {0} needs only a valid token")
    @CsvSource({"/ServiceProviderConfig", "/Schemas", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "/ResourceTypes"})
    void discoveryNeedsOnlyAValidToken(String path) {
        RequiredAccess access = RequiredAccess.of("GET", path);
        assertEquals(true, access.anyToken());
        assertEquals(true, access.allowedBy(TokenScopes.parse("write,Groups")));
    }

    @ParameterizedTest(name = "{0} on discovery still needs write")
    @CsvSource({"POST", "PUT", "DELETE"})
    void writingToADiscoveryEndpointIsNotExempt(String method) {
        RequiredAccess access = RequiredAccess.of(method, "/Schemas");
        assertEquals(new RequiredAccess(false, true, Optional.empty()), access);
    }
}
