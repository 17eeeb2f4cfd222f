package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.scimbridge.bridge.ldap.DirectoryFeatures;

/**
 * Value-level adds and deletes for attributes the directory cannot match values of, turned into one REPLACE with the
 * target's values. Deleting one value needs the attribute's EQUALITY rule (RFC 4511 section 4.6), and some standard
 * attributes have none: OpenLDAP refuses a value delete of {@code facsimileTelephoneNumber} with "no equality matching
 * rule", so without this an IdP could not change or remove a fax number.
 */
final class WholeValueChanges {

    private WholeValueChanges() {
    }

    static List<Modification> forDirectory(List<Modification> modifications, Entry target, DirectoryFeatures features) {
        if (modifications.stream().allMatch(m -> m.getModificationType() == ModificationType.REPLACE
                || features.canMatchValues(m.getAttributeName()))) {
            return modifications;
        }
        List<Modification> adapted = new ArrayList<>();
        Set<String> replaced = new HashSet<>();
        for (Modification modification : modifications) {
            String name = modification.getAttributeName();
            if (modification.getModificationType() == ModificationType.REPLACE || features.canMatchValues(name)) {
                adapted.add(modification);
            } else if (replaced.add(name.toLowerCase(Locale.ROOT))) {
                String[] values = target.getAttributeValues(name);
                adapted.add(new Modification(ModificationType.REPLACE, name, values == null ? new String[0] : values));
            }
        }
        return adapted;
    }
}
