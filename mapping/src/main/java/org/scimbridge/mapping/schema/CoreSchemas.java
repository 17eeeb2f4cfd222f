package org.scimbridge.mapping.schema;

import static org.scimbridge.mapping.schema.Attr.bool;
import static org.scimbridge.mapping.schema.Attr.complex;
import static org.scimbridge.mapping.schema.Attr.dateTime;
import static org.scimbridge.mapping.schema.Attr.reference;
import static org.scimbridge.mapping.schema.Attr.string;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.scimbridge.mapping.schema.AttributeDefinition.Mutability;
import org.scimbridge.mapping.schema.AttributeDefinition.Returned;
import org.scimbridge.mapping.schema.AttributeDefinition.Uniqueness;

/**
 * The schemas this server knows, transcribed from RFC 7643 section 8.7.1 (User, Group) and section 4.3 (enterprise
 * extension). What a deployment actually supports is the subset its mapping covers; see {@code MappedSchemas}.
 */
public final class CoreSchemas {

    public static final String USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public static final String LIST_RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error";
    public static final String PATCH_OP_URN = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String SEARCH_REQUEST_URN = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    public static final ScimSchema USER = new ScimSchema(USER_URN, "User", "User Account", List.of(
            string("userName").required().uniqueness(Uniqueness.SERVER)
                    .describe("Unique identifier for the User, typically used by the user to directly authenticate").build(),
            complex("name",
                    string("formatted"), string("familyName"), string("givenName"), string("middleName"),
                    string("honorificPrefix"), string("honorificSuffix")).describe("The components of the user's real name").build(),
            string("displayName").describe("The name of the User, suitable for display to end-users").build(),
            string("nickName").describe("The casual way to address the user in real life").build(),
            reference("profileUrl", "external").describe("A fully qualified URL pointing to a page representing the User").build(),
            string("title").describe("The user's title, such as \"Vice President\"").build(),
            string("userType").describe("Used to identify the relationship between the organization and the user").build(),
            string("preferredLanguage").describe("Preferred written or spoken language, RFC 7231 Accept-Language form").build(),
            string("locale").describe("Default location for localization, e.g. en-US").build(),
            string("timezone").describe("Time zone in IANA Time Zone database format, e.g. America/Los_Angeles").build(),
            bool("active").describe("The User's administrative status").build(),
            string("password").mutability(Mutability.WRITE_ONLY).returned(Returned.NEVER)
                    .describe("The User's cleartext password; never returned").build(),
            typed("emails", "work", "home", "other").describe("Email addresses for the user").build(),
            typed("phoneNumbers", "work", "home", "mobile", "fax", "pager", "other").describe("Phone numbers for the User").build(),
            typed("ims", "aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo").describe("Instant messaging addresses").build(),
            typed("photos", "photo", "thumbnail").describe("URLs of photos of the User").build(),
            complex("addresses",
                    string("formatted"), string("streetAddress"), string("locality"), string("region"), string("postalCode"),
                    string("country"), string("type").canonical("work", "home", "other"), bool("primary"))
                    .multiValued().describe("A physical mailing address for this User").build(),
            complex("groups",
                    string("value").mutability(Mutability.READ_ONLY),
                    reference("$ref", "User", "Group").mutability(Mutability.READ_ONLY),
                    string("display").mutability(Mutability.READ_ONLY),
                    string("type").mutability(Mutability.READ_ONLY).canonical("direct", "indirect"))
                    .multiValued().mutability(Mutability.READ_ONLY).describe("Groups to which the user belongs").build(),
            typed("entitlements").describe("Entitlements for the User").build(),
            typed("roles").describe("Roles for the User").build(),
            typed("x509Certificates").describe("Certificates issued to the User").build()));

    public static final ScimSchema ENTERPRISE_USER = new ScimSchema(ENTERPRISE_USER_URN, "EnterpriseUser", "Enterprise User",
            List.of(
                    string("employeeNumber").describe("Numeric or alphanumeric identifier assigned to a person").build(),
                    string("costCenter").describe("Identifies the name of a cost center").build(),
                    string("organization").describe("Identifies the name of an organization").build(),
                    string("division").describe("Identifies the name of a division").build(),
                    string("department").describe("Identifies the name of a department").build(),
                    complex("manager",
                            string("value").describe("The id of the SCIM resource representing the User's manager"),
                            reference("$ref", "User").describe("The URI of the SCIM resource representing the User's manager"),
                            string("displayName").mutability(Mutability.READ_ONLY).describe("The displayName of the manager"))
                            .describe("The User's manager").build()));

    public static final ScimSchema GROUP = new ScimSchema(GROUP_URN, "Group", "Group", List.of(
            string("displayName").required().uniqueness(Uniqueness.SERVER).describe("A human-readable name for the Group").build(),
            complex("members",
                    string("value").mutability(Mutability.IMMUTABLE),
                    reference("$ref", "User", "Group").mutability(Mutability.IMMUTABLE),
                    string("display").mutability(Mutability.READ_ONLY),
                    string("type").mutability(Mutability.IMMUTABLE).canonical("User", "Group"))
                    .multiValued().describe("A list of members of the Group").build()));

    private static final List<ScimSchema> ALL = List.of(USER, ENTERPRISE_USER, GROUP);

    private CoreSchemas() {
    }

    /** The schema with this URN, compared case-insensitively (URNs are case-insensitive per RFC 8141 in their NID/NSS prefix). */
    public static Optional<ScimSchema> byUrn(String urn) {
        String lower = urn.toLowerCase(Locale.ROOT);
        return ALL.stream().filter(s -> s.id().toLowerCase(Locale.ROOT).equals(lower)).findFirst();
    }

    /** The standard multi-valued shape of RFC 7643 section 2.4: value, display, type, primary. */
    private static Attr typed(String name, String... canonicalTypes) {
        return complex(name, string("value"), string("display"), string("type").canonical(canonicalTypes), bool("primary"))
                .multiValued();
    }
}
