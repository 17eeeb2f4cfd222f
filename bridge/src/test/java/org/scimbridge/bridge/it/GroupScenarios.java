package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * Groups and the membership engine against every directory, with groupOfNames/member and a placeholder for empty
 * groups: member changes are checked in the group entry itself.
 */
public interface GroupScenarios {

    String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    String PLACEHOLDER = "cn=empty-group-placeholder,dc=example,dc=com";

    BridgeHarness bridge();

    /** The group attribute holding member DNs in this directory's mapping. */
    default String memberAttribute() {
        return "member";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String user() {
        Response created = bridge().send("POST", "/Users", "{\"userName\":\"" + unique("member") + "\",\"displayName\":\"Member\"}");
        assertEquals(201, created.status(), created.body());
        return created.json().path("id").asText();
    }

    private JsonNode group(String displayName, String... memberIds) {
        StringBuilder members = new StringBuilder();
        for (String id : memberIds) {
            members.append(members.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        Response created = bridge().send("POST", "/Groups", "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"" + displayName
                + "\",\"members\":[" + members + "]}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private Response patch(String id, String operations) {
        return bridge().send("PATCH", "/Groups/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                + "\"Operations\":" + operations + "}");
    }

    private SearchResultEntry groupEntry(String id) {
        try {
            return bridge().admin().searchForEntry(bridge().mapping().groups().orElseThrow().base().toString(), SearchScope.ONE,
                    Filter.createEqualityFilter("entryUUID", id), "*", "+");
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<DN> memberDns(String groupId) {
        Set<DN> dns = new TreeSet<>();
        String[] values = groupEntry(groupId).getAttributeValues(memberAttribute());
        for (String value : values == null ? new String[0] : values) {
            try {
                dns.add(new DN(value));
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
        }
        return dns;
    }

    private DN userDn(String userId) {
        try {
            return bridge().userEntryById(userId).orElseThrow().getParsedDN();
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    private Set<DN> dns(String... userIds) {
        Set<DN> dns = new TreeSet<>();
        for (String id : userIds) {
            dns.add(userDn(id));
        }
        return dns;
    }

    private static DN placeholder() {
        try {
            return new DN(PLACEHOLDER);
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Entra and Okta create groups empty; groupOfNames needs a member, so the placeholder holds it, unseen. */
    @Test
    default void anEmptyGroupHoldsOnlyThePlaceholderAndShowsNoMembers() {
        JsonNode group = group(unique("Empty"));
        assertEquals(Set.of(placeholder()), memberDns(group.path("id").asText()));
        JsonNode read = bridge().get("/Groups/" + group.path("id").asText()).json();
        assertEquals(0, read.path("members").size(), read.toString());
    }

    @Test
    default void createWithMembersWritesTheirDnsAndShowsTheirIds() {
        String a = user();
        String b = user();
        JsonNode group = group(unique("Pair"), a, b);
        String id = group.path("id").asText();
        assertEquals(dns(a, b), memberDns(id));
        List<String> shown = new ArrayList<>();
        group.path("members").forEach(m -> shown.add(m.path("value").asText()));
        assertEquals(new TreeSet<>(List.of(a, b)), new TreeSet<>(shown));
        assertEquals("User", group.path("members").path(0).path("type").asText());
        assertEquals("Member", group.path("members").path(0).path("display").asText());
        assertEquals(bridge().baseUrl() + "/Users/" + group.path("members").path(0).path("value").asText(),
                group.path("members").path(0).path("$ref").asText());
    }

    @Test
    default void displayNameIsUniqueAndUnknownMembersAreNamed() {
        String name = unique("Unique");
        group(name);
        Response twice = bridge().send("POST", "/Groups", "{\"displayName\":\"" + name + "\"}");
        assertEquals(409, twice.status(), twice.body());
        assertEquals("uniqueness", twice.json().path("scimType").asText());
        String unknown = UUID.randomUUID().toString();
        String other = unique("Unknown");
        Response bad = bridge().send("POST", "/Groups", "{\"displayName\":\"" + other + "\",\"members\":[{\"value\":\"" + unknown + "\"}]}");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("invalidValue", bad.json().path("scimType").asText());
        assertTrue(bad.json().path("detail").asText().contains(unknown), bad.body());
        assertEquals(0, bridge().get("/Groups?filter=" + enc("displayName eq \"" + other + "\"")).json().path("totalResults").asInt(),
                "nothing was written");
    }

    /**
     * One value added, idempotently. A placeholder from the group's empty past stays (hidden): dropping it on every add
     * would double the directory's cost of each member change.
     */
    @Test
    default void patchAddIsValueLevelAndIdempotent() {
        String id = group(unique("Grow")).path("id").asText();
        String a = user();
        String body = "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}]";
        Response added = patch(id, body);
        assertEquals(200, added.status(), added.body());
        assertEquals(dns(a), realMembers(id));
        assertEquals(200, patch(id, body).status(), "adding a present member succeeds");
        assertEquals(dns(a), realMembers(id));
        assertEquals(1, bridge().get("/Groups/" + id).json().path("members").size(), "the placeholder is never shown");
    }

    /**
     * The bridge remembers the DN of a group it served and sends member PATCHes straight there; a rename behind its back
     * (another instance, an administrator) must not lose the change: the entry is found again by its id.
     */
    @Test
    default void aMemberPatchFollowsAGroupRenamedInTheDirectory() throws LDAPException {
        String name = unique("Moved");
        String id = group(name).path("id").asText();
        String a = user();
        String b = user();
        assertEquals(200, patch(id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}]").status());
        DN before = groupEntry(id).getParsedDN();
        bridge().admin().modifyDN(before.toString(), new RDN(before.getRDN().getAttributeNames()[0], name + "-renamed").toString(),
                true);
        Response added = patch(id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}]");
        assertEquals(200, added.status(), added.body());
        assertEquals(dns(a, b), realMembers(id));
        assertEquals(name + "-renamed", groupEntry(id).getParsedDN().getRDN().getAttributeValues()[0]);
    }

    /**
     * A remembered DN now naming another entry (the group deleted and a new one created under the same name outside
     * SCIM) must never receive the old group's members: the PATCH of the old id is a 404 and the new entry is untouched.
     */
    @Test
    default void aMemberPatchNeverLandsOnAnotherEntryAtTheRememberedDn() throws LDAPException {
        String name = unique("Reused");
        String id = group(name).path("id").asText();
        String a = user();
        assertEquals(200, patch(id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"}]}]").status());
        SearchResultEntry old = groupEntry(id);
        bridge().admin().delete(old.getDN());
        Entry replacement = new Entry(old.getDN());
        replacement.addAttribute(old.getAttribute("objectClass"));
        replacement.addAttribute(old.getParsedDN().getRDN().getAttributeNames()[0], old.getParsedDN().getRDN().getAttributeValues()[0]);
        replacement.addAttribute(memberAttribute(), old.getAttributeValues(memberAttribute()));
        bridge().admin().add(replacement);
        String b = user();
        Response refused = patch(id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + b + "\"}]}]");
        assertEquals(404, refused.status(), refused.body());
        SearchResultEntry now = bridge().admin().getEntry(old.getDN(), memberAttribute());
        assertEquals(Set.of(old.getAttributeValues(memberAttribute())), Set.of(now.getAttributeValues(memberAttribute())),
                "the entry now at the old DN keeps its own members");
    }

    /** A group that held only the placeholder loses it when a PUT, which reads the members, gives it real ones. */
    @Test
    default void aPutDropsALeftoverPlaceholder() {
        String name = unique("Tidy");
        String id = group(name).path("id").asText();
        String a = user();
        assertEquals(200, bridge().send("PUT", "/Groups/" + id, "{\"displayName\":\"" + name + "\",\"members\":[{\"value\":\""
                + a + "\"}]}").status());
        assertEquals(dns(a), memberDns(id));
    }

    private Set<DN> realMembers(String groupId) {
        Set<DN> members = new TreeSet<>(memberDns(groupId));
        members.remove(placeholder());
        return members;
    }

    /** Okta removes members with a value-path filter: {@code members[value eq "..."]} (Okta SCIM reference). */
    @Test
    default void oktaRemoveByValuePathRemovesOnlyThatMember() {
        String a = user();
        String b = user();
        String id = group(unique("Shrink"), a, b).path("id").asText();
        Response removed = patch(id, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}]");
        assertEquals(200, removed.status(), removed.body());
        assertEquals(dns(b), memberDns(id).stream().filter(dn -> !dn.equals(placeholder())).collect(java.util.stream.Collectors.toSet()));
        assertEquals(200, patch(id, "[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + a + "\\\"]\"}]").status(),
                "removing an absent member succeeds");
    }

    /** Entra removes members with a value list (MS compliance doc, azure-docs#30826): only those go, not all. */
    @Test
    default void entraRemoveWithValueRemovesOnlyThoseMembers() {
        String a = user();
        String b = user();
        String c = user();
        String id = group(unique("EntraRemove"), a, b, c).path("id").asText();
        Response removed = patch(id, "[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"" + a + "\"},{\"value\":\"" + c + "\"}]}]");
        assertEquals(200, removed.status(), removed.body());
        Set<DN> left = new TreeSet<>(memberDns(id));
        left.remove(placeholder());
        assertEquals(dns(b), left);
    }

    /** Okta's "Push now" on an emptied group: {@code replace members []} (SCIM-SDK#757). */
    @Test
    default void oktaReplaceMembersWithAnEmptyListEmptiesTheGroup() {
        String id = group(unique("Emptied"), user(), user()).path("id").asText();
        Response emptied = patch(id, "[{\"op\":\"replace\",\"path\":\"members\",\"value\":[]}]");
        assertEquals(200, emptied.status(), emptied.body());
        assertEquals(Set.of(placeholder()), memberDns(id));
    }

    /** Okta pushes membership in batches of up to 100, mixing removes and adds in one PATCH (IDP-QUIRKS Okta 7, 9). */
    @Test
    default void oktaMixedPatchOf100MembersIsApplied() {
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            first.add(user());
        }
        String id = group(unique("OktaPush"), first.toArray(String[]::new)).path("id").asText();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            second.add(user());
        }
        StringBuilder operations = new StringBuilder("[");
        for (String removed : first) {
            operations.append("{\"op\":\"remove\",\"path\":\"members[value eq \\\"").append(removed).append("\\\"]\"},");
        }
        operations.append("{\"op\":\"add\",\"path\":\"members\",\"value\":[");
        for (int i = 0; i < second.size(); i++) {
            operations.append(i == 0 ? "" : ",").append("{\"value\":\"").append(second.get(i)).append("\",\"display\":\"x\"}");
        }
        operations.append("]}]");
        Response patched = patch(id, operations.toString());
        assertEquals(200, patched.status(), patched.body());
        Set<DN> left = new TreeSet<>(memberDns(id));
        left.remove(placeholder());
        assertEquals(dns(second.toArray(String[]::new)), left);
    }

    /** Okta renames with the group's own read-only id in the value (Okta SCIM reference). */
    @Test
    default void oktaRenameCarryingTheIdKeepsIdAndMembers() throws Exception {
        String a = user();
        String id = group(unique("Before"), a).path("id").asText();
        String renamed = unique("After");
        Response patched = patch(id, "[{\"op\":\"replace\",\"value\":{\"id\":\"" + id + "\",\"displayName\":\"" + renamed + "\"}}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(renamed, patched.json().path("displayName").asText());
        assertEquals(new DN("cn=" + renamed + "," + bridge().mapping().groups().orElseThrow().base()), groupEntry(id).getParsedDN());
        assertEquals(dns(a), memberDns(id));
    }

    @Test
    default void putWritesOnlyTheDifferenceOfMembers() {
        String a = user();
        String b = user();
        String c = user();
        JsonNode group = group(unique("Put"), a, c);
        String id = group.path("id").asText();
        Response replaced = bridge().send("PUT", "/Groups/" + id, "{\"displayName\":\"" + group.path("displayName").asText()
                + "\",\"members\":[{\"value\":\"" + a + "\"},{\"value\":\"" + b + "\"}]}");
        assertEquals(200, replaced.status(), replaced.body());
        Set<DN> left = new TreeSet<>(memberDns(id));
        left.remove(placeholder());
        assertEquals(dns(a, b), left);
    }

    /** Entra looks groups up with excludedAttributes=members (MS SCIM tutorial): no member list in the answer. */
    @Test
    default void entraLookupWithoutMembers() {
        String name = unique("Lookup");
        String id = group(name, user()).path("id").asText();
        Response found = bridge().get("/Groups?excludedAttributes=members&filter=" + enc("displayName eq \"" + name + "\""));
        assertEquals(200, found.status(), found.body());
        JsonNode group = found.json().path("Resources").path(0);
        assertEquals(id, group.path("id").asText());
        assertFalse(group.has("members"), group.toString());
    }

    @Test
    default void filterGroupsByMemberAndUsersShowTheirGroups() {
        String a = user();
        String name = unique("Filtered");
        String id = group(name, a).path("id").asText();
        Response byMember = bridge().get("/Groups?filter=" + enc("members.value eq \"" + a + "\""));
        assertEquals(List.of(id), byMember.json().path("Resources").findValuesAsText("id"), byMember.body());
        JsonNode user = bridge().get("/Users/" + a).json();
        assertEquals(id, user.path("groups").path(0).path("value").asText(), user.toString());
        assertEquals(name, user.path("groups").path(0).path("display").asText());
    }

    @Test
    default void deletingAUserRemovesItFromItsGroups() {
        String a = user();
        String b = user();
        String id = group(unique("Leavers"), a, b).path("id").asText();
        DN gone = userDn(a);
        assertEquals(204, bridge().send("DELETE", "/Users/" + a, null).status());
        assertFalse(memberDns(id).contains(gone));
        assertTrue(memberDns(id).contains(userDn(b)));
    }

    @Test
    default void eightThreadsAddingDistinctMembersLoseNone() throws Exception {
        String id = group(unique("Concurrent")).path("id").asText();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(user());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (String member : ids) {
                results.add(pool.submit(() -> patch(id, "[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}]")));
            }
            for (Future<Response> result : results) {
                assertEquals(200, result.get().status(), result.get().body());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(dns(ids.toArray(String[]::new)), realMembers(id));
    }

    @Test
    default void deleteRemovesTheGroup() {
        String id = group(unique("Gone")).path("id").asText();
        assertEquals(204, bridge().send("DELETE", "/Groups/" + id, null).status());
        assertEquals(404, bridge().get("/Groups/" + id).status());
    }
}
