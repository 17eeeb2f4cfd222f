package org.scimbridge.bridge.auth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.mapping.config.ConfigException;

/**
 * Tokens as entries under a subtree of the directory itself ({@code tokens.directoryBase}), for several bridges that
 * share no file: each reads the subtree every {@code tokens.directoryRefresh}, so a revocation reaches all of them
 * within that interval. One entry per token, {@code cn=NAME} below the base, of the structural class
 * {@code applicationProcess} (RFC 4519, in every directory's core schema, so no schema extension is needed); its
 * {@code description} holds the token's fields (hash, scopes, dates) as the JSON object the token file holds as YAML.
 * Only hashes are stored, never secrets. Changes are single-entry adds, modifies and deletes, each atomic in the
 * directory; two administrators changing the same token at the same moment: the later write wins.
 */
public final class DirectoryTokens implements TokenRepository {

    private static final String OBJECT_CLASS = "applicationProcess";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LDAPInterface directory;
    private final DN base;

    public DirectoryTokens(LDAPInterface directory, DN base) {
        this.directory = directory;
        this.base = base;
    }

    @Override
    public List<StoredToken> read() throws IOException {
        List<SearchResultEntry> entries;
        try {
            entries = directory.search(base.toString(), SearchScope.ONE, Filter.createEqualityFilter("objectClass", OBJECT_CLASS),
                    "cn", "description").getSearchEntries();
        } catch (LDAPException e) {
            throw new IOException("cannot read the tokens below " + base + ": " + e.getResultCode() + " "
                    + e.getDiagnosticMessage(), e);
        }
        List<StoredToken> tokens = new ArrayList<>();
        for (SearchResultEntry entry : entries) {
            tokens.add(parse(entry));
        }
        tokens.sort(Comparator.comparing(StoredToken::name));
        return tokens;
    }

    private static StoredToken parse(Entry entry) {
        ObjectNode fields;
        try {
            String description = entry.getAttributeValue("description");
            fields = description == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) JSON.readTree(description);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new ConfigException(entry.getDN(), "description", "must be the token's fields as a JSON object");
        }
        fields.put("name", entry.getAttributeValue("cn"));
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("tokens");
        list.add(fields);
        return TokenFile.parse(entry.getDN(), root).get(0);
    }

    @Override
    public List<StoredToken> update(UnaryOperator<List<StoredToken>> change) throws IOException {
        List<StoredToken> before = read();
        List<StoredToken> after = List.copyOf(change.apply(new ArrayList<>(before)));
        Map<String, String> old = descriptions(before);
        Map<String, String> wanted = descriptions(after);
        try {
            for (String name : old.keySet()) {
                if (!wanted.containsKey(name)) {
                    directory.delete(dn(name).toString());
                }
            }
            for (Map.Entry<String, String> token : wanted.entrySet()) {
                String current = old.get(token.getKey());
                if (current == null) {
                    directory.add(new Entry(dn(token.getKey()), new Attribute("objectClass", "top", OBJECT_CLASS),
                            new Attribute("cn", token.getKey()), new Attribute("description", token.getValue())));
                } else if (!current.equals(token.getValue())) {
                    directory.modify(dn(token.getKey()).toString(), new Modification(ModificationType.REPLACE, "description",
                            token.getValue()));
                }
            }
        } catch (LDAPException e) {
            throw new IOException("cannot change the tokens below " + base + ": " + e.getResultCode() + " "
                    + e.getDiagnosticMessage(), e);
        }
        return after;
    }

    private static Map<String, String> descriptions(List<StoredToken> tokens) throws JsonProcessingException {
        Map<String, String> descriptions = new LinkedHashMap<>();
        for (StoredToken token : tokens) {
            Map<String, Object> fields = TokenFile.fields(token);
            fields.remove("name");
            descriptions.put(token.name(), JSON.writeValueAsString(fields));
        }
        return descriptions;
    }

    private DN dn(String name) {
        return new DN(new RDN("cn", name), base);
    }

    @Override
    public String describe() {
        return base.toString();
    }
}
