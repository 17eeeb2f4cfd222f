package org.scimbridge.mapping.filter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.util.StaticUtils;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.entry.ReferenceResolver;
import org.scimbridge.mapping.filter.FilterValue.BooleanValue;
import org.scimbridge.mapping.filter.FilterValue.NullValue;
import org.scimbridge.mapping.filter.FilterValue.NumberValue;
import org.scimbridge.mapping.filter.FilterValue.StringValue;
import org.scimbridge.mapping.filter.ScimFilter.Compare;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/** Converts a filter's comparison value into the LDAP assertion value the attribute's syntax expects. */
final class FilterValues {

    private FilterValues() {
    }

    /** The value as text; booleans in LDAP's Boolean syntax (RFC 4517 section 3.3.3). */
    static String text(Compare compare) {
        return switch (compare.value()) {
            case StringValue s -> s.value();
            case NumberValue n -> n.value().toPlainString();
            case BooleanValue b -> b.value() ? "TRUE" : "FALSE";
            case NullValue n -> throw ScimException.invalidFilter("null is not a comparable value in '" + compare + "'");
        };
    }

    /**
     * The assertion value for {@code compare} on an attribute of this SCIM type, or {@code null} when it names a
     * reference that does not exist (such a comparison can only be false).
     */
    static String assertion(Compare compare, Type type, Kind kind, ReferenceResolver resolver) {
        CompareOperator op = compare.op();
        if (kind != Kind.STRING) {
            if (op != CompareOperator.EQ && op != CompareOperator.NE) {
                throw ScimException.invalidFilter("references can only be compared with eq or ne in '" + compare + "'");
            }
            String id = text(compare);
            Optional<DN> dn = switch (kind) {
                case USER_REFERENCE -> resolver.userDn(id);
                case GROUP_REFERENCE -> resolver.groupDn(id);
                case MEMBER_REFERENCE -> resolver.memberDn(id);
                case STRING -> Optional.empty();
            };
            return dn.map(DN::toString).orElse(null);
        }
        return switch (type) {
            case BOOLEAN -> booleanValue(compare);
            case DATE_TIME -> dateTime(compare);
            default -> text(compare);
        };
    }

    /** RFC 7644 section 3.4.2.2: gt/ge/lt/le on booleans are invalid. Entra sends "True"/"False" strings. */
    private static String booleanValue(Compare compare) {
        if (compare.op() != CompareOperator.EQ && compare.op() != CompareOperator.NE) {
            throw ScimException.invalidFilter("a boolean can only be compared with eq or ne in '" + compare + "'");
        }
        return switch (compare.value()) {
            case BooleanValue b -> b.value() ? "TRUE" : "FALSE";
            // Entra ID sends "True"/"False" (IDP-QUIRKS: MS compliance doc, pingidentity/scim2#239).
            case StringValue s when s.value().equalsIgnoreCase("true") -> "TRUE";
            case StringValue s when s.value().equalsIgnoreCase("false") -> "FALSE";
            default -> throw ScimException.invalidFilter("'" + compare.path() + "' is a boolean; compare it with true or false");
        };
    }

    /** xsd:dateTime (RFC 7643 section 2.3.5) to LDAP generalizedTime, for the directory's generalizedTimeOrderingMatch. */
    private static String dateTime(Compare compare) {
        if (compare.op() == CompareOperator.CO || compare.op() == CompareOperator.SW || compare.op() == CompareOperator.EW) {
            throw ScimException.invalidFilter("dates can be compared with eq, ne, gt, ge, lt and le, not '" + compare.op().keyword() + "'");
        }
        if (!(compare.value() instanceof StringValue s)) {
            throw ScimException.invalidFilter("'" + compare.path() + "' is a dateTime; give it as a string such as \"2026-01-31T12:00:00Z\"");
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(s.value().toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            throw ScimException.invalidFilter("'" + s.value() + "' is not an xsd:dateTime such as \"2026-01-31T12:00:00Z\"");
        }
        return StaticUtils.encodeGeneralizedTime(Date.from(instant));
    }
}
