package org.scimbridge.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scimbridge.mapping.entry.AttributeMapper;
import org.scimbridge.mapping.entry.ReferenceResolver;
import org.scimbridge.mapping.entry.RenderContext;

/**
 * Cost of the entry/JSON mapping for the OpenLDAP users mapping: rendering a fully populated inetOrgPerson entry as a
 * SCIM resource (and serialising it to the response bytes), and reading an Okta create ({@code POST /Users}) body into
 * the entry the bridge adds. The directory round trips around them are not part of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MapperBenchmark {

    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private static final String MANAGER_ID = "0a4e1b3c-1111-4222-8333-944455556666";
    private static final String MANAGER_DN = "uid=cbabbage," + PEOPLE;

    /** What a search with the mapper's attributesToRead() returns for a well-kept OpenLDAP person. */
    private static final String[] ENTRY_LDIF = {
            "dn: uid=alovelace," + PEOPLE,
            "objectClass: top",
            "objectClass: person",
            "objectClass: organizationalPerson",
            "objectClass: inetOrgPerson",
            "uid: alovelace",
            "cn: Ada Lovelace",
            "sn: Lovelace",
            "givenName: Ada",
            "displayName: Ada Lovelace",
            "mail: alovelace@example.com",
            "telephoneNumber: +1 555 0100",
            "mobile: +1 555 0199",
            "title: Senior Engineer",
            "employeeNumber: 00u1a2b3c4d5e6f7g8h9",
            "departmentNumber: Analytical Engines",
            "o: Example Corp",
            "manager: " + MANAGER_DN,
            "entryUUID: 2819c223-7f76-453a-919d-413861904646",
            "entryCSN: 20260131120000.123456Z#000000#000#000000",
            "createTimestamp: 20250115093000Z",
            "modifyTimestamp: 20260131120000Z",
    };

    /** Okta's create request with the usual profile attribute mappings (title, phones, enterprise fields) switched on. */
    private static final String OKTA_CREATE_BODY = """
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
              "userName": "alovelace@example.com",
              "name": {"givenName": "Ada", "familyName": "Lovelace"},
              "emails": [{"primary": true, "value": "alovelace@example.com", "type": "work"}],
              "displayName": "Ada Lovelace",
              "locale": "en-US",
              "externalId": "00u1a2b3c4d5e6f7g8h9",
              "groups": [],
              "password": "tEMp0rary-Pa55word!",
              "active": true,
              "title": "Senior Engineer",
              "phoneNumbers": [{"primary": true, "value": "+1 555 0100", "type": "work"},
                               {"value": "+1 555 0199", "type": "mobile"}],
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
                "organization": "Example Corp",
                "department": "Analytical Engines",
                "manager": {"value": "0a4e1b3c-1111-4222-8333-944455556666"}
              }
            }
            """;

    private final ObjectMapper json = new ObjectMapper();
    private AttributeMapper mapper;
    private Entry entry;
    private RenderContext context;
    private ReferenceResolver resolver;
    private byte[] createBodyBytes;
    private JsonNode createBody;

    @Setup(Level.Trial)
    public void setUp() throws IOException, LDAPException, LDIFException {
        mapper = new AttributeMapper(BenchmarkConfig.users());
        entry = new Entry(ENTRY_LDIF);
        DN managerDn = new DN(MANAGER_DN);
        // The bridge resolves the page's manager DNs to ids in one search before rendering; here they are known.
        context = new RenderContext("https://scim.example.com/scim/v2", Map.of(managerDn, MANAGER_ID));
        resolver = id -> id.equals(MANAGER_ID) ? Optional.of(managerDn) : Optional.empty();
        createBodyBytes = OKTA_CREATE_BODY.getBytes(StandardCharsets.UTF_8);
        createBody = json.readTree(createBodyBytes);
        // Fail the trial at once if the mapping stops accepting the fixtures.
        json.writeValueAsBytes(mapper.toScim(entry, context));
        mapper.newEntry(createBody, resolver);
    }

    /** Entry to SCIM JSON tree ({@code GET /Users/{id}}, one element of a list response). */
    @Benchmark
    public ObjectNode render() {
        return mapper.toScim(entry, context);
    }

    /** Entry to SCIM JSON tree to the UTF-8 bytes of the response body. */
    @Benchmark
    public byte[] renderAndSerialize() throws IOException {
        return json.writeValueAsBytes(mapper.toScim(entry, context));
    }

    /** Parsed Okta create body to the entry to add: validation, attribute mapping, required-attribute fill-in, DN. */
    @Benchmark
    public Entry readCreateBody() {
        return mapper.newEntry(createBody, resolver);
    }

    /** As {@link #readCreateBody()}, starting from the request's bytes. */
    @Benchmark
    public Entry parseAndReadCreateBody() throws IOException {
        return mapper.newEntry(json.readTree(createBodyBytes), resolver);
    }
}
