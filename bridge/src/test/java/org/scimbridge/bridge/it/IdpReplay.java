package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.bridge.it.BridgeHarness.Response;
import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * What the IdP replay suites share: a bridge on the shared slapd with the shipped {@code config/openldap.yaml} (the
 * profile an operator would deploy), requests with the headers an IdP sets, and the LDAP side read back through the
 * administrator's connection. Each replay names its own data with a random run tag, so it never meets another suite's.
 */
final class IdpReplay {

    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    static final String PLACEHOLDER = "cn=empty-group-placeholder,dc=example,dc=com";
    /** The openldap.yaml lock: ppolicy's pwdAccountLockedTime with the "locked for good" value. */
    static final String LOCK_ATTRIBUTE = "pwdAccountLockedTime";
    static final String LOCKED = "000001010000Z";

    private final BridgeHarness bridge;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    private IdpReplay(BridgeHarness bridge) {
        this.bridge = bridge;
    }

    /** A bridge on the shared slapd with {@code config/openldap.yaml} as shipped. */
    static IdpReplay start() throws LDAPException {
        return start(4);
    }

    /** The same with {@code poolSize} LDAP connections: with 1, every request meets what earlier ones left on it. */
    static IdpReplay start(int poolSize) throws LDAPException {
        SlapdServer slapd = SlapdServer.shared();
        return new IdpReplay(BridgeHarness.start(new LDAPConnectionPool(slapd.connect(), poolSize), slapd.connect(),
                MappingLoader.load(Path.of(System.getProperty("config.dir"), "openldap.yaml").toAbsolutePath())));
    }

    BridgeHarness bridge() {
        return bridge;
    }

    /** A name unique to this run: {@code prefix} plus the run tag. */
    String unique(String prefix) {
        return prefix + tag;
    }

    /** A request with exactly the given headers (name, value pairs) besides Authorization and Content-Type. */
    Response send(String method, String path, String body, String contentType, String authorization, String... headers) {
        return bridge.send(method, path, body, contentType, authorization, headers);
    }

    SearchResultEntry user(String id) {
        return bridge.userEntryById(id).orElseThrow(() -> new AssertionError("no user entry with id " + id));
    }

    boolean userExists(String id) {
        return bridge.userEntryById(id).isPresent();
    }

    DN userDn(String id) {
        try {
            return user(id).getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The group entry with this SCIM id, or null. */
    SearchResultEntry group(String id) {
        try {
            return bridge.admin().searchForEntry(bridge.mapping().groups().orElseThrow().base().toString(), SearchScope.ONE,
                    Filter.createEqualityFilter("entryUUID", id), "*", "+");
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DNs in the group's {@code member} attribute, the placeholder included. */
    Set<DN> memberDns(String groupId) {
        Set<DN> dns = new TreeSet<>();
        String[] values = group(groupId).getAttributeValues("member");
        for (String value : values == null ? new String[0] : values) {
            dns.add(dn(value));
        }
        return dns;
    }

    /**
     * The group's members without the placeholder, which the bridge leaves in place on member adds (one write fewer per
     * change) and never shows.
     */
    Set<DN> realMemberDns(String groupId) {
        Set<DN> dns = memberDns(groupId);
        dns.remove(dn(PLACEHOLDER));
        return dns;
    }

    Set<DN> userDns(List<String> ids) {
        Set<DN> dns = new TreeSet<>();
        ids.forEach(id -> dns.add(userDn(id)));
        return dns;
    }

    /** Adds {@code count} people straight into the directory (users the IdP imports) and returns their SCIM ids. */
    List<String> seedPeople(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String uid = unique(prefix) + "-" + i;
                String dn = "uid=" + uid + "," + bridge.mapping().users().base();
                bridge.admin().add(new Entry(dn, List.of(
                        new Attribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson"),
                        new Attribute("uid", uid), new Attribute("cn", uid),
                        new Attribute("sn", prefix))));
                ids.add(bridge.admin().getEntry(dn, "entryUUID").getAttributeValue("entryUUID"));
            }
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    static DN dn(String text) {
        try {
            return new DN(text);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ids of a ListResponse's Resources, in order. */
    static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.path("Resources").forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    /** A ListResponse (RFC 7644 section 3.4.2) with integer counts, as Okta and Entra parse them. */
    static JsonNode assertListResponse(Response response, int totalResults) {
        assertEquals(200, response.status(), response.body());
        JsonNode list = response.json();
        assertEquals(LIST, list.path("schemas").path(0).asText(), list.toString());
        assertEquals(totalResults, list.path("totalResults").asInt(-1), list.toString());
        assertTrue(list.path("totalResults").isInt() && list.path("startIndex").isInt()
                && list.path("itemsPerPage").isInt(), "integer counts: " + list);
        return list;
    }
}
