package org.scimbridge.bridge.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;

import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The bridge driven by a SCIM client nobody here wrote: the UnboundID (Ping Identity) SCIM 2 SDK client on Jersey, as
 * its README sets it up (a JAX-RS client with the SDK's Jackson mapper, a bearer token filter). Jersey's default
 * HttpURLConnection connector cannot send PATCH, so the java.net.http connector is used. The SDK parses every response
 * into its own model, so a field the bridge shapes wrongly fails here even when our own tests agree with our reading.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScimClientIT {

    private IdpReplay replay;
    private Client client;
    private ScimService scim;

    @BeforeAll
    void start() throws LDAPException {
        replay = IdpReplay.start();
        ClientConfig config = new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider());
        config.register(new JacksonJsonProvider(JsonUtils.createObjectMapper()));
        config.register((ClientRequestFilter) request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION,
                "Bearer " + BridgeHarness.TOKEN));
        client = ClientBuilder.newClient(config);
        scim = new ScimService(client.target(replay.bridge().baseUrl()));
    }

    @AfterAll
    void stop() {
        client.close();
        replay.bridge().close();
    }

    private UserResource newUser(String userName) {
        return new UserResource().setUserName(userName)
                .setName(new Name().setGivenName("Barbara").setFamilyName("Jensen"))
                .setEmails(new Email().setValue(userName + "@example.com").setType("work").setPrimary(true))
                .setTitle("Tour Guide");
    }

    @Test
    void serviceProviderConfigParsesInTheSdksModel() throws ScimException {
        ServiceProviderConfigResource config = scim.getServiceProviderConfig();
        assertTrue(config.getPatch().isSupported());
        assertTrue(config.getFilter().isSupported());
        assertTrue(config.getEtag().isSupported());
    }

    @Test
    void createRetrieveReplaceAndDeleteAUser() throws ScimException {
        UserResource created = scim.create("Users", newUser(replay.unique("sdk-crud-")));
        String id = created.getId();
        assertEquals("Barbara", created.getName().getGivenName());
        assertTrue(created.getActive());
        assertEquals("Tour Guide", replay.user(id).getAttributeValue("title"));

        UserResource read = scim.retrieve("Users", id, UserResource.class);
        assertEquals(created.getUserName(), read.getUserName());
        assertEquals(created.getMeta().getVersion(), read.getMeta().getVersion());

        read.setTitle("Tour Lead");
        read.setDisplayName("Babs");
        UserResource replaced = scim.replace(read);
        assertEquals("Tour Lead", replaced.getTitle());
        SearchResultEntry entry = replay.user(id);
        assertEquals("Tour Lead", entry.getAttributeValue("title"));
        assertEquals("Babs", entry.getAttributeValue("displayName"));

        scim.delete("Users", id);
        assertFalse(replay.userExists(id));
        assertThrows(ResourceNotFoundException.class, () -> scim.retrieve("Users", id, UserResource.class));
    }

    @Test
    void aDuplicateUserNameIsAConflictTheSdkUnderstands() throws ScimException {
        String userName = replay.unique("sdk-dup-");
        scim.create("Users", newUser(userName));
        ScimException conflict = assertThrows(ScimException.class, () -> scim.create("Users", newUser(userName)));
        assertEquals(409, conflict.getScimError().getStatus());
        assertEquals("uniqueness", conflict.getScimError().getScimType());
    }

    @Test
    void patchReplacesAddsAndRemovesThroughTheSdksBuilder() throws ScimException {
        String id = scim.create("Users", newUser(replay.unique("sdk-patch-"))).getId();
        UserResource patched = scim.modifyRequest("Users", id)
                .replaceValue("title", "Commodore")
                .replaceValue("name.givenName", "Grace")
                .removeValues("emails")
                .addValues("phoneNumbers", JsonUtils.getJsonNodeFactory().objectNode().put("value", "+1 555 0100")
                        .put("type", "work"))
                .invoke(UserResource.class);
        assertEquals("Commodore", patched.getTitle());
        SearchResultEntry entry = replay.user(id);
        assertEquals("Commodore", entry.getAttributeValue("title"));
        assertEquals("Grace", entry.getAttributeValue("givenName"));
        assertNull(entry.getAttributeValue("mail"));
        assertEquals("+1 555 0100", entry.getAttributeValue("telephoneNumber"));

        UserResource deactivated = scim.modifyRequest("Users", id).replaceValue("active", false).invoke(UserResource.class);
        assertFalse(deactivated.getActive());
        assertEquals(IdpReplay.LOCKED, replay.user(id).getAttributeValue(IdpReplay.LOCK_ATTRIBUTE));
    }

    @Test
    void searchWithAFilterPagesSortedThroughEveryMatch() throws ScimException {
        String prefix = replay.unique("sdk-page-");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(scim.create("Users", newUser(prefix + i)).getId());
        }
        List<String> seen = new ArrayList<>();
        for (int startIndex = 1; startIndex <= 7; startIndex += 3) {
            ListResponse<UserResource> page = scim.searchRequest("Users")
                    .filter(Filter.sw("userName", prefix))
                    .sort("userName", SortOrder.ASCENDING)
                    .page(startIndex, 3)
                    .invoke(UserResource.class);
            assertEquals(7, page.getTotalResults());
            assertEquals(startIndex, page.getStartIndex());
            assertEquals(Math.min(3, 8 - startIndex), page.getItemsPerPage());
            page.getResources().forEach(user -> seen.add(user.getId()));
        }
        assertEquals(expected, seen, "every match once, in userName order");

        ListResponse<UserResource> posted = scim.searchRequest("Users").filter(Filter.eq("userName", prefix + "3"))
                .invokePost(UserResource.class);
        assertEquals(1, posted.getTotalResults());
        assertEquals(expected.get(3), posted.getResources().get(0).getId());
    }

    @Test
    void groupsWithMembersAndMemberPatches() throws ScimException {
        String a = scim.create("Users", newUser(replay.unique("sdk-member-a-"))).getId();
        String b = scim.create("Users", newUser(replay.unique("sdk-member-b-"))).getId();
        GroupResource group = scim.create("Groups", new GroupResource().setDisplayName(replay.unique("SDK Group "))
                .setMembers(new Member().setValue(a)));
        assertEquals(a, group.getMembers().get(0).getValue());
        assertEquals(replay.userDns(List.of(a)), replay.realMemberDns(group.getId()));

        scim.modifyRequest("Groups", group.getId())
                .addValues("members", JsonUtils.getJsonNodeFactory().objectNode().put("value", b))
                .removeValues("members[value eq \"" + a + "\"]")
                .invoke(GroupResource.class);
        assertEquals(replay.userDns(List.of(b)), replay.realMemberDns(group.getId()));
        GroupResource read = scim.retrieve("Groups", group.getId(), GroupResource.class);
        assertEquals(List.of(b), read.getMembers().stream().map(Member::getValue).toList());

        scim.delete("Groups", group.getId());
        assertNull(replay.group(group.getId()));
    }
}
