package org.scimbridge.mapping.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.mapping.config.Lifecycle.ActiveStrategy;
import org.scimbridge.mapping.config.Lifecycle.Delete;
import org.scimbridge.mapping.config.Lifecycle.Password;

/** Reads the {@code active}, {@code deactivation}, {@code delete} and {@code password} keys of the users section. */
final class LifecycleLoader {

    private LifecycleLoader() {
    }

    static Lifecycle load(YamlNode users, DN base, SearchScope scope) {
        List<ActiveStrategy> active = new ArrayList<>();
        YamlNode activeNode = users.get("active");
        if (!activeNode.isMissing()) {
            if (activeNode.isObject()) {
                active.add(strategy(activeNode, base, scope));
            } else {
                List<YamlNode> items = activeNode.items();
                for (YamlNode item : items) {
                    active.add(strategy(item, base, scope));
                }
            }
        }
        YamlNode deactivation = users.get("deactivation");
        deactivation.rejectUnknownKeys(Set.of("removeMemberships"));
        boolean removeMemberships = bool(deactivation.get("removeMemberships"), false);
        Delete delete = delete(users.get("delete"), base, scope, active);
        Password password = switch (users.get("password").text("none").toLowerCase(Locale.ROOT)) {
            case "none" -> Password.NONE;
            case "passwordmodify" -> Password.PASSWORD_MODIFY;
            case "userpassword" -> Password.USER_PASSWORD;
            case "unicodepwd" -> Password.UNICODE_PWD;
            default -> throw users.get("password").error("must be none, passwordModify, userPassword or unicodePwd");
        };
        return new Lifecycle(active, removeMemberships, delete, password);
    }

    private static ActiveStrategy strategy(YamlNode node, DN base, SearchScope scope) {
        node.rejectUnknownKeys(Set.of("strategy", "attribute", "disabled", "bit", "createValue", "disabledBase"));
        return switch (node.get("strategy").text().toLowerCase(Locale.ROOT)) {
            case "value" -> new ActiveStrategy.Value(node.get("attribute").text(), node.get("disabled").text());
            case "bit" -> new ActiveStrategy.Bit(node.get("attribute").text(), number(node.get("bit"), null),
                    number(node.get("createValue"), 0L));
            case "move" -> {
                DN disabled = dn(node.get("disabledBase"));
                if (!disabled.isDescendantOf(base, false) || scope != SearchScope.SUB) {
                    throw node.get("disabledBase").error("must lie below users.base, with users.scope: sub, so that disabled "
                            + "users are still found (Entra reads inactive users)");
                }
                yield new ActiveStrategy.Move(disabled);
            }
            default -> throw node.get("strategy").error("must be value, bit or move");
        };
    }

    private static Delete delete(YamlNode node, DN base, SearchScope scope, List<ActiveStrategy> active) {
        if (node.isMissing() || node.isText() && node.text().equalsIgnoreCase("hard")) {
            return new Delete.Hard();
        }
        if (!node.isObject()) {
            throw node.error("must be 'hard' or a map with mode: soft");
        }
        node.rejectUnknownKeys(Set.of("mode", "tagAttribute", "tagValue", "moveTo"));
        if (!node.get("mode").text().equalsIgnoreCase("soft")) {
            return new Delete.Hard();
        }
        if (active.isEmpty()) {
            throw node.error("a soft delete deactivates the user: configure users.active first");
        }
        Optional<String> attribute = node.get("tagAttribute").isMissing() ? Optional.empty() : Optional.of(node.get("tagAttribute").text());
        Optional<String> value = node.get("tagValue").isMissing() ? Optional.empty() : Optional.of(node.get("tagValue").text());
        Optional<DN> moveTo = node.get("moveTo").isMissing() ? Optional.empty() : Optional.of(dn(node.get("moveTo")));
        if (attribute.isPresent() != value.isPresent()) {
            throw node.error("tagAttribute and tagValue go together");
        }
        if (attribute.isEmpty() && moveTo.isEmpty()) {
            throw node.error("a soft delete needs tagAttribute/tagValue, moveTo, or both");
        }
        if (moveTo.isPresent() && moveTo.get().isDescendantOf(base, true) && scope == SearchScope.SUB && attribute.isEmpty()) {
            throw node.get("moveTo").error("lies inside the users subtree, where soft-deleted users would still be found; "
                    + "move them elsewhere or tag them");
        }
        return new Delete.Soft(attribute, value, moveTo);
    }

    private static long number(YamlNode node, Long defaultValue) {
        if (node.isMissing() && defaultValue != null) {
            return defaultValue;
        }
        String text = node.text();
        try {
            return text.toLowerCase(Locale.ROOT).startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw node.error("must be a whole number (decimal or 0x hexadecimal)");
        }
    }

    private static boolean bool(YamlNode node, boolean defaultValue) {
        String text = node.text(Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw node.error("must be true or false");
        }
        return text.equals("true");
    }

    private static DN dn(YamlNode node) {
        try {
            return new DN(node.text());
        } catch (LDAPException e) {
            throw node.error("is not a valid DN: " + e.getExceptionMessage());
        }
    }
}
