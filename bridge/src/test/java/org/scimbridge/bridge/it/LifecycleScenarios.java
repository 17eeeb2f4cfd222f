package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.scimbridge.bridge.it.BridgeHarness.Response;

/**
 * The IdP lifecycle with the OpenLDAP profile's ppolicy strategy: unassign sets active=false, which must lock the
 * account in the directory, reactivation must undo exactly that, and inactive users stay findable.
 */
public interface LifecycleScenarios {

    BridgeHarness bridge();

    /** The attribute the profile locks accounts with. */
    default String lockAttribute() {
        return "pwdAccountLockedTime";
    }

    /** The value the profile writes to lock an account. */
    default String lockedValue() {
        return "000001010000Z";
    }

    private JsonNode user(String extra) {
        Response created = bridge().send("POST", "/Users", "{\"userName\":\"life-" + UUID.randomUUID().toString().substring(0, 8)
                + "\"" + extra + "}");
        assertEquals(201, created.status(), created.body());
        return created.json();
    }

    private String lock(String id) {
        return bridge().userEntryById(id).orElseThrow().getAttributeValue(lockAttribute());
    }

    private Response patch(String id, String operations) {
        return bridge().send("PATCH", "/Users/" + id, "{\"Operations\":" + operations + "}");
    }

    /** Okta deactivates with a path-less replace of active (Okta SCIM reference, IDP-QUIRKS Okta 4). */
    @Test
    default void oktaDeactivationLocksTheAccountAndReactivationUnlocksIt() {
        JsonNode user = user("");
        String id = user.path("id").asText();
        assertTrue(user.path("active").asBoolean(), user.toString());
        Response deactivated = patch(id, "[{\"op\":\"replace\",\"value\":{\"active\":false}}]");
        assertEquals(200, deactivated.status(), deactivated.body());
        assertFalse(deactivated.json().path("active").asBoolean());
        assertEquals(lockedValue(), lock(id));
        Response reactivated = patch(id, "[{\"op\":\"replace\",\"value\":{\"active\":true}}]");
        assertEquals(200, reactivated.status(), reactivated.body());
        assertTrue(reactivated.json().path("active").asBoolean());
        assertNull(lock(id), "reactivation removes exactly what deactivation wrote");
    }

    /** Entra sends "False" as a string unless the tenant URL carries ?aadOptscim062020 (IDP-QUIRKS Entra 2). */
    @Test
    default void entraStringFalseDeactivates() {
        String id = user("").path("id").asText();
        Response deactivated = patch(id, "[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]");
        assertEquals(200, deactivated.status(), deactivated.body());
        assertEquals(lockedValue(), lock(id));
    }

    /** Entra requires inactive users to be returned by GET and by its matching filters (IDP-QUIRKS Entra 11). */
    @Test
    default void inactiveUsersAreStillFoundAndCanBeFilteredOn() {
        JsonNode user = user(",\"active\":false");
        String id = user.path("id").asText();
        assertEquals(lockedValue(), lock(id), "created inactive");
        assertFalse(bridge().get("/Users/" + id).json().path("active").asBoolean());
        String userName = user.path("userName").asText();
        assertEquals(1, bridge().get("/Users?filter=userName%20eq%20%22" + userName + "%22").json().path("totalResults").asInt());
        assertEquals(1, bridge().get("/Users?filter=userName%20eq%20%22" + userName + "%22%20and%20active%20eq%20false").json()
                .path("totalResults").asInt());
        assertEquals(0, bridge().get("/Users?filter=userName%20eq%20%22" + userName + "%22%20and%20active%20eq%20%22True%22").json()
                .path("totalResults").asInt());
    }

    /** Okta custom apps update users with full PUTs that omit active (IDP-QUIRKS Okta 3): that must not reactivate. */
    @Test
    default void oktaPutWithoutActiveLeavesTheUserInactive() {
        JsonNode user = user(",\"active\":false");
        String id = user.path("id").asText();
        Response replaced = bridge().send("PUT", "/Users/" + id, "{\"userName\":\"" + user.path("userName").asText() + "\",\"title\":\"x\"}");
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(lockedValue(), lock(id));
        assertFalse(replaced.json().path("active").asBoolean());
    }

    /** RFC 7643 section 4.1.1: password is writeOnly and returned never. */
    @Test
    default void aPasswordIsNeverReturned() {
        JsonNode user = user(",\"password\":\"Tr0ub4dor&3-horse\"");
        assertFalse(user.has("password"), user.toString());
        assertFalse(bridge().get("/Users/" + user.path("id").asText()).body().contains("Tr0ub4dor"));
    }
}
