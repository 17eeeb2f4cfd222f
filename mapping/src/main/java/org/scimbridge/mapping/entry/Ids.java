package org.scimbridge.mapping.entry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.UUID;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;

import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ResourceMapping.IdSyntax;

/**
 * The SCIM id of an entry, and the LDAP assertion that finds an entry by id. Most directories keep the id as text
 * (entryUUID, nsUniqueId); Active Directory's objectGUID is 16 bytes, shown in its canonical text form, where the
 * first three groups are little-endian (MS-DTYP section 2.3.4.2).
 */
public final class Ids {

    private Ids() {
    }

    /** The id of {@code entry}, if it carries the id attribute. */
    public static Optional<String> of(Entry entry, ResourceMapping mapping) {
        if (mapping.idSyntax() == IdSyntax.GUID) {
            byte[] bytes = entry.getAttributeValueBytes(mapping.idAttribute());
            return bytes == null || bytes.length != 16 ? Optional.empty() : Optional.of(guidText(bytes));
        }
        return Optional.ofNullable(entry.getAttributeValue(mapping.idAttribute()));
    }

    /** Equality on the id attribute, in the attribute's own syntax; empty when {@code id} cannot be an id. */
    public static Optional<Filter> matching(ResourceMapping mapping, String id) {
        if (!mapping.idSyntax().accepts(id)) {
            return Optional.empty();
        }
        if (mapping.idSyntax() == IdSyntax.GUID) {
            return Optional.of(Filter.createEqualityFilter(mapping.idAttribute(), guidBytes(id)));
        }
        return Optional.of(Filter.createEqualityFilter(mapping.idAttribute(), id));
    }

    static String guidText(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        long data1 = buffer.getInt() & 0xFFFFFFFFL;
        int data2 = buffer.getShort() & 0xFFFF;
        int data3 = buffer.getShort() & 0xFFFF;
        buffer.order(ByteOrder.BIG_ENDIAN);
        long data4 = buffer.getLong();
        long most = data1 << 32 | (long) data2 << 16 | data3;
        return new UUID(most, data4).toString();
    }

    static byte[] guidBytes(String text) {
        UUID uuid = UUID.fromString(text);
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        long most = uuid.getMostSignificantBits();
        buffer.putInt((int) (most >>> 32));
        buffer.putShort((short) (most >>> 16));
        buffer.putShort((short) most);
        buffer.order(ByteOrder.BIG_ENDIAN);
        buffer.putLong(uuid.getLeastSignificantBits());
        return buffer.array();
    }
}
