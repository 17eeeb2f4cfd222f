package org.scimbridge.bridge.check;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/** The shipped {@code config/openldap.yaml}, as is or with text replaced, for checks against test directories. */
final class Mappings {

    static final Path OPENLDAP = Path.of(System.getProperty("config.dir"), "openldap.yaml").toAbsolutePath();

    private Mappings() {
    }

    static String openLdapText() {
        try {
            return Files.readString(OPENLDAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MappingConfig openLdap() {
        return load(openLdapText());
    }

    /** openldap.yaml with each {@code replacements[i]} replaced by {@code replacements[i + 1]}; each must occur. */
    static String openLdapText(String... replacements) {
        String text = openLdapText();
        for (int i = 0; i < replacements.length; i += 2) {
            if (!text.contains(replacements[i])) {
                throw new IllegalArgumentException("openldap.yaml no longer contains '" + replacements[i] + "'");
            }
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return text;
    }

    static MappingConfig openLdap(String... replacements) {
        return load(openLdapText(replacements));
    }

    static MappingConfig load(String yaml) {
        return MappingLoader.load("openldap.yaml (test)", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
