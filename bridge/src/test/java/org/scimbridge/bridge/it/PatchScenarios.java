package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * PATCH (RFC 7644 section 3.5.2) against every directory, checking the LDAP entry afterwards: only the changed values
 * are written, nothing is written for a no-op, and a bad or stale request changes nothing.
 */
public interface PatchScenarios {

    String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    BridgeHarness bridge();

    private JsonNode user() {
        String userName = "patch-" + UUID.randomUUID().toString().substring(0, 8);
        Response created = bridge().send("POST", "/Users", """
                {"userName":"%s","name":{"givenName":"Grace","familyName":"Hopper"},"title":"Rear Admiral",
                 "emails":[{"value":"%s@example.com","type":"work"}],
                 "phoneNumbers":[{"value":"+1 555 0100","type":"work"},{"value":"+1 555 0200","type":"mobile"}],
                 "%s":{"department":"Navy"}}""".formatted(userName, userName, ENTERPRISE));
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private Response patch(String id, String operations) {
        return bridge().send("PATCH", "/Users/" + id, "{\"schemas\":[\"" + PATCH_OP + "\"],\"Operations\":" + operations + "}");
    }

    private SearchResultEntry entry(String id) {
        return bridge().userEntryById(id).orElseThrow();
    }

    private static Set<String> values(SearchResultEntry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        return values == null ? Set.of() : new TreeSet<>(List.of(values));
    }

    @Test
    default void replaceWritesOnlyThatAttributeAndKeepsValuesScimCannotShow() throws Exception {
        String id = user().path("id").asText();
        // A second cn written by hand: SCIM shows one name.formatted, and a PATCH of title must not drop the other.
        bridge().admin().modify(entry(id).getDN(), new Modification(ModificationType.ADD, "cn", "Amazing Grace"));
        Response patched = patch(id, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Commodore\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Commodore", patched.json().path("title").asText());
        SearchResultEntry after = entry(id);
        assertEquals("Commodore", after.getAttributeValue("title"));
        assertEquals(Set.of("Grace Hopper", "Amazing Grace"), values(after, "cn"));
        assertEquals(Set.of("+1 555 0200"), values(after, "mobile"));
    }

    @Test
    default void addToAMultiValuedAttributeMergesTheNewValue() {
        JsonNode user = user();
        String id = user.path("id").asText();
        Response patched = patch(id, "[{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"second@example.com\",\"type\":\"work\"}]}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(Set.of(user.path("userName").asText() + "@example.com", "second@example.com"), values(entry(id), "mail"));
    }

    @Test
    default void removeWithAValuePathRemovesOnlyTheMatchingElement() {
        String id = user().path("id").asText();
        Response patched = patch(id, "[{\"op\":\"remove\",\"path\":\"phoneNumbers[type eq \\\"mobile\\\"]\"}]");
        assertEquals(200, patched.status(), patched.body());
        SearchResultEntry after = entry(id);
        assertNull(after.getAttributeValue("mobile"));
        assertEquals("+1 555 0100", after.getAttributeValue("telephoneNumber"));
    }

    @Test
    default void replaceASubAttributeThroughAValuePath() {
        String id = user().path("id").asText();
        Response patched = patch(id, "[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"new@example.com\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(Set.of("new@example.com"), values(entry(id), "mail"));
    }

    /** Entra ID: capitalised ops and a path-less replace with dotted and URN keys (IDP-QUIRKS Entra 1 and 4). */
    @Test
    default void entraCapitalisedPathlessReplaceWithDottedAndUrnKeys() {
        String id = user().path("id").asText();
        Response patched = patch(id, "[{\"op\":\"Replace\",\"value\":{\"name.givenName\":\"Amazing\",\"" + ENTERPRISE
                + ":department\":\"Computing\"}}]");
        assertEquals(200, patched.status(), patched.body());
        SearchResultEntry after = entry(id);
        assertEquals("Amazing", after.getAttributeValue("givenName"));
        assertEquals("Computing", after.getAttributeValue("departmentNumber"));
        assertEquals("Hopper", after.getAttributeValue("sn"));
    }

    /** Entra ID: add on a value path with no matching element creates it (SCIM-SDK#416). */
    @Test
    default void entraAddOnAMissingValuePathCreatesTheElement() {
        String id = bridge().send("POST", "/Users", "{\"userName\":\"nomail-" + UUID.randomUUID().toString().substring(0, 8) + "\"}")
                .json().path("id").asText();
        Response patched = patch(id, "[{\"op\":\"Add\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"made@example.com\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("made@example.com", entry(id).getAttributeValue("mail"));
    }

    /** Entra ID sends the enterprise manager as a bare id string (SCIM-SDK#541). */
    @Test
    default void entraManagerAsABareStringIsStoredAsTheManagersDn() {
        String managerId = user().path("id").asText();
        String id = user().path("id").asText();
        Response patched = patch(id, "[{\"op\":\"Add\",\"path\":\"" + ENTERPRISE + ":manager\",\"value\":\"" + managerId + "\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(managerId, patched.json().path(ENTERPRISE).path("manager").path("value").asText());
        assertEquals(entry(managerId).getDN(), entry(id).getAttributeValue("manager"));
    }

    @Test
    default void changingUserNameRenamesTheEntryAndKeepsTheId() throws Exception {
        String id = user().path("id").asText();
        String renamed = "renamed-" + UUID.randomUUID().toString().substring(0, 8);
        Response patched = patch(id, "[{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"" + renamed + "\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(id, patched.json().path("id").asText());
        assertEquals(new DN("uid=" + renamed + "," + bridge().mapping().users().base()), entry(id).getParsedDN());
    }

    @Test
    default void aPatchThatChangesNothingWritesNothing() {
        JsonNode user = user();
        String id = user.path("id").asText();
        Response patched = patch(id, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Rear Admiral\"},"
                + "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"" + user.path("userName").asText() + "@example.com\",\"type\":\"work\"}]}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(user.path("meta").path("version").asText(), patched.json().path("meta").path("version").asText());
    }

    /**
     * A title set to what it already is, by itself: the write that goes to the remembered DN unread asserts that some
     * value changes, so it is held back and nothing is written, as on the path that reads first.
     */
    @Test
    default void aReplaceWithTheSameValueWritesNothing() {
        JsonNode user = user();
        Response patched = patch(user.path("id").asText(), "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Rear Admiral\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals(user.path("meta").path("version").asText(), patched.json().path("meta").path("version").asText());
        assertEquals("Rear Admiral", patched.json().path("title").asText());
    }

    /**
     * A user this bridge never answered (made in the directory by someone else) is read before its PATCH: the general
     * path, which writes only the changed attribute and keeps what SCIM cannot show.
     */
    @Test
    default void aPatchOfAUserTheBridgeNeverAnsweredReadsItFirst() throws Exception {
        var users = bridge().mapping().users();
        String name = "unseen-" + UUID.randomUUID().toString().substring(0, 8);
        DN dn = new DN(new RDN(users.rdnAttribute(), name), users.base());
        Entry made = new Entry(dn);
        made.addAttribute("objectClass", users.objectClasses());
        made.addAttribute(users.rdnAttribute(), name);
        made.addAttribute("cn", name, "A Second Name");
        made.addAttribute("sn", name);
        made.addAttribute("title", "Lieutenant");
        bridge().admin().add(made);
        String id = bridge().admin().getEntry(dn.toString(), users.idAttribute()).getAttributeValue(users.idAttribute());
        Response patched = patch(id, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Captain\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Captain", patched.json().path("title").asText(), patched.body());
        SearchResultEntry after = entry(id);
        assertEquals("Captain", after.getAttributeValue("title"));
        assertEquals(Set.of(name, "A Second Name"), values(after, "cn"));
    }

    /**
     * A user this bridge answered is PATCHed at the DN it remembers, unread; renamed behind its back, the entry is found
     * again by its id and written at its new DN.
     */
    @Test
    default void aPatchFindsAUserRenamedBehindTheBridgesBack() throws Exception {
        String id = user().path("id").asText();
        DN before = entry(id).getParsedDN();
        String renamed = "moved-" + UUID.randomUUID().toString().substring(0, 8);
        RDN newRdn = new RDN(before.getRDN().getAttributeNames()[0], renamed);
        bridge().admin().modifyDN(before.toString(), newRdn.toString(), true);
        Response patched = patch(id, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Commodore\"},"
                + "{\"op\":\"replace\",\"path\":\"" + ENTERPRISE + ":department\",\"value\":\"Fleet\"}]");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Commodore", patched.json().path("title").asText(), patched.body());
        assertEquals("Fleet", patched.json().path(ENTERPRISE).path("department").asText(), patched.body());
        SearchResultEntry after = entry(id);
        assertEquals(new DN(newRdn, before.getParent()), after.getParsedDN());
        assertEquals("Commodore", after.getAttributeValue("title"));
    }

    /**
     * The DN a bridge remembers, now naming another entry (the user deleted and someone else created under the same
     * name outside SCIM), never receives the old user's PATCH: it is a 404, and the new entry keeps its values.
     */
    @Test
    default void aPatchNeverLandsOnAnotherEntryAtTheRememberedDn() throws Exception {
        String id = user().path("id").asText();
        DN dn = entry(id).getParsedDN();
        SearchResultEntry stored = bridge().admin().getEntry(dn.toString());
        Entry replacement = new Entry(stored.getDN(), stored.getAttributes());
        replacement.removeAttribute(bridge().mapping().users().idAttribute()); // the directory gives the new entry its own
        replacement.setAttribute("title", "Original");
        bridge().admin().delete(dn.toString());
        bridge().admin().add(replacement);
        Response refused = patch(id, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Commodore\"}]");
        assertEquals(404, refused.status(), refused.body());
        assertEquals("Original", bridge().admin().getEntry(dn.toString(), "title").getAttributeValue("title"));
    }

    @Test
    default void allOperationsOrNone() {
        JsonNode user = user();
        String id = user.path("id").asText();
        Response patched = patch(id, "[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Changed\"},"
                + "{\"op\":\"replace\",\"path\":\"shoeSize\",\"value\":\"44\"}]");
        assertEquals(400, patched.status(), patched.body());
        assertEquals("invalidPath", patched.json().path("scimType").asText());
        assertTrue(patched.json().path("detail").asText().contains("Operations[1]"), patched.body());
        assertEquals("Rear Admiral", entry(id).getAttributeValue("title"));
    }

    @Test
    default void badPatchBodiesAreTheRightErrorsAndChangeNothing() {
        JsonNode user = user();
        String id = user.path("id").asText();
        String version = user.path("meta").path("version").asText();
        record Case(String body, String scimType) { }
        List<Case> cases = List.of(
                new Case("{\"schemas\":[\"" + PATCH_OP + "\"]}", "invalidSyntax"),
                new Case("{\"Operations\":[{\"op\":\"merge\",\"path\":\"title\",\"value\":\"x\"}]}", "invalidSyntax"),
                new Case("{\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":\"x\"}]}", "invalidPath"),
                new Case("{\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]}", "mutability"),
                new Case("{\"Operations\":[{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"x\"}]}", "mutability"),
                new Case("{\"Operations\":[{\"op\":\"replace\",\"path\":\"name\",\"value\":\"not an object\"}]}", "invalidValue"),
                new Case("{\"Operations\":[{\"op\":\"remove\"}]}", "noTarget"),
                new Case("{\"Operations\":\"replace\"}", "invalidSyntax"),
                new Case("not json", "invalidSyntax"));
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Response response = bridge().send("PATCH", "/Users/" + id, c.body());
            if (response.status() != 400 || !c.scimType().equals(response.json().path("scimType").asText())) {
                wrong.add(c.body() + " -> " + response.status() + " " + response.body());
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(version, bridge().get("/Users/" + id).json().path("meta").path("version").asText(), "nothing was written");
    }

    @Test
    default void aStalePatchIs412AndTwoConcurrentPatchesWithOneVersionGiveOneWinner() throws Exception {
        JsonNode user = user();
        String id = user.path("id").asText();
        String etag = user.path("meta").path("version").asText();
        String body = "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"%s\"}]}";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Response> a = pool.submit(() -> bridge().send("PATCH", "/Users/" + id, body.formatted("A"), "application/scim+json",
                    "Bearer " + BridgeHarness.TOKEN, "If-Match", etag));
            Future<Response> b = pool.submit(() -> bridge().send("PATCH", "/Users/" + id, body.formatted("B"), "application/scim+json",
                    "Bearer " + BridgeHarness.TOKEN, "If-Match", etag));
            List<Integer> statuses = new ArrayList<>(List.of(a.get().status(), b.get().status()));
            statuses.sort(null);
            assertEquals(List.of(200, 412), statuses);
            assertEquals(a.get().status() == 200 ? "A" : "B", entry(id).getAttributeValue("title"));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    default void theResponseHonoursAttributes() {
        String id = user().path("id").asText();
        Response patched = bridge().send("PATCH", "/Users/" + id + "?attributes=title",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"Commodore\"}]}");
        assertEquals(200, patched.status(), patched.body());
        assertFalse(patched.json().has("userName"));
        assertEquals("Commodore", patched.json().path("title").asText());
        assertArrayEquals(new String[] {"Commodore"}, entry(id).getAttributeValues("title"));
    }
}
