package org.scimbridge.bridge.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;

import org.scimbridge.bridge.check.CheckReport;
import org.scimbridge.bridge.check.StartupCheck;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfigLoader;
import org.scimbridge.bridge.ldap.LdapPools;

/**
 * {@code scim-bridge check --config FILE}: connects and binds as {@code serve} would, checks the mapping against the
 * directory and prints the report. Exit 0 when the mapping and the directory agree (warnings allowed), 1 when they do
 * not or the directory cannot be reached; configuration errors are 2, as for every command.
 */
public final class CheckCommand {

    private CheckCommand() {
    }

    public static int run(Arguments arguments, PrintStream out, PrintStream err) {
        arguments.allow(Set.of("config"));
        Path configFile = Path.of(arguments.required("config"));
        BridgeConfig config = BridgeConfigLoader.load(configFile);
        BridgeConfig.Directory directory = config.directory();
        try (LDAPConnectionPool pool = LdapPools.create(directory, configFile.toString())) {
            CheckReport report = StartupCheck.run(pool, config.mapping(), directory.bindDn());
            out.println("Checking " + config.mapping().source() + " against " + directory.urls() + " as " + directory.bindDn());
            out.print(report.render());
            return report.ok() ? 0 : 1;
        } catch (LDAPException e) {
            String diagnostic = e.getDiagnosticMessage();
            err.println("scim-bridge: cannot connect and bind to " + directory.urls() + " as " + directory.bindDn() + ": "
                    + e.getResultCode() + (diagnostic == null ? "" : " " + diagnostic));
            return 1;
        }
    }
}
