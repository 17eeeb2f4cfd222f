package org.scimbridge.bridge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.scimbridge.bridge.audit.ChainVerifier;

/**
 * {@code scim-bridge audit verify FILE}: checks the hash chain of an audit file. Exit 0 when intact, 1 at the first
 * altered, removed or reordered record (line and reason on standard error), 2 when the file cannot be read.
 */
public final class AuditCommand {

    private AuditCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || !args[0].equals("verify")) {
            throw new IllegalArgumentException("usage: scim-bridge audit verify FILE");
        }
        Path file = Path.of(args[1]);
        ChainVerifier.Verdict verdict;
        try {
            verdict = ChainVerifier.verify(file);
        } catch (IOException e) {
            err.println("scim-bridge: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        if (verdict.intact()) {
            out.println(file + ": " + verdict.message());
            return 0;
        }
        err.println(file + ": " + verdict.message());
        return 1;
    }
}
