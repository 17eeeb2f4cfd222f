package org.scimbridge.bridge.admin;

import static org.scimbridge.bridge.admin.Html.text;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.scimbridge.bridge.auth.TokenAdmin.Listing;

/**
 * The admin UI's pages: plain server-rendered HTML with one inline style sheet, no script and nothing loaded from
 * elsewhere (the Content-Security-Policy forbids both). Every value from the token file or the request is escaped.
 */
final class AdminPages {

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d2630}
            h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
            table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #d6dbe1}
            td{white-space:nowrap}th{background:#eef1f4}form.inline{display:inline}button{cursor:pointer;padding:.25rem .7rem}
            button.danger{background:#b3261e;color:#fff;border:1px solid #8c1d17}
            .secret{font:14px monospace;background:#fff8d6;border:1px solid #e5c400;padding:.6rem;word-break:break-all}
            .error{background:#fde7e7;border:1px solid #b3261e;padding:.5rem}.note{color:#55606c}
            label{margin-right:1rem}input[type=text],input[type=password]{padding:.25rem;width:16rem}
            """;

    private AdminPages() {
    }

    static String login(Optional<String> error) {
        return page("Sign in", error.map(e -> "<p class=\"error\" id=\"error\">" + text(e) + "</p>").orElse("")
                + """
                <form method="post" action="/login">
                <p><label for="secret">Admin secret</label>
                <input type="password" id="secret" name="secret" autocomplete="current-password" autofocus></p>
                <p><button type="submit" id="login">Sign in</button></p>
                </form>
                """);
    }

    static String tokens(List<Listing> tokens, String csrf, Optional<String> error) {
        StringBuilder rows = new StringBuilder();
        for (Listing t : tokens) {
            String name = text(t.name());
            rows.append("<tr id=\"token-").append(name).append("\"><td>").append(name).append("</td><td>")
                    .append(text(t.scopes().toString())).append("</td><td>").append(when(t.created())).append("</td><td>")
                    .append(when(t.expires())).append("</td><td>").append(when(t.lastUsed())).append("</td><td>")
                    .append(when(t.previousValidUntil())).append("</td><td>")
                    .append(action("/tokens/rotate", "rotate", t.name(), csrf, "Rotate", ""))
                    .append(action("/tokens/revoke", "revoke", t.name(), csrf, "Revoke", " class=\"danger\""))
                    .append("</td></tr>\n");
        }
        String table = tokens.isEmpty() ? "<p class=\"note\">No tokens yet.</p>" : """
                <table id="tokens"><thead><tr><th>Name</th><th>Scopes</th><th>Created</th><th>Expires</th><th>Last used</th>
                <th>Previous secret valid until</th><th></th></tr></thead><tbody>
                """ + rows + "</tbody></table>";
        return page("Tokens", error.map(e -> "<p class=\"error\" id=\"error\">" + text(e) + "</p>").orElse("") + table
                + "<h2>New token</h2>\n<form method=\"post\" action=\"/tokens\" id=\"create\">" + csrfField(csrf) + """
                <p><label>Name <input type="text" name="name" id="name" required maxlength="64"></label></p>
                <p><label><input type="checkbox" name="scope" value="read" checked> read</label>
                <label><input type="checkbox" name="scope" value="write" checked> write</label>
                <label>on <select name="resource" id="resource"><option value="">all resource types</option>
                <option>Users</option><option>Groups</option></select></label></p>
                <p><label>Expires after <input type="text" name="expires" id="expires" value="90d"></label>
                <span class="note">e.g. 90d, 12h; empty: never</span></p>
                <p><button type="submit" id="create-button">Create token</button></p>
                </form>
                """ + "<form method=\"post\" action=\"/logout\">" + csrfField(csrf)
                + "<p><button type=\"submit\" id=\"logout\">Sign out</button></p></form>");
    }

    /** The one time a secret is shown; the page is not cached (no-store) and the secret is stored nowhere. */
    static String secret(String name, String secret, String what) {
        return page("Token " + name, "<p>" + text(what) + " Copy the secret now: it is not stored and cannot be shown"
                + " again.</p>\n<p class=\"secret\" id=\"secret\">" + text(secret) + "</p>\n<p><a href=\"/\" id=\"back\">Back to"
                + " the tokens</a></p>");
    }

    private static String action(String path, String id, String name, String csrf, String label, String buttonClass) {
        return "<form class=\"inline\" method=\"post\" action=\"" + path + "\">" + csrfField(csrf)
                + "<input type=\"hidden\" name=\"name\" value=\"" + text(name) + "\"><button type=\"submit\" id=\"" + id + "-"
                + text(name) + "\"" + buttonClass + ">" + label + "</button></form> ";
    }

    private static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + text(csrf) + "\">";
    }

    private static String when(Optional<Instant> instant) {
        return instant.map(i -> text(i.truncatedTo(ChronoUnit.SECONDS).toString())).orElse("&ndash;");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>scim-bridge: " + text(title)
                + "</title>\n<style>" + STYLE + "</style></head>\n<body><h1>scim-bridge &middot; " + text(title) + "</h1>\n"
                + body + "\n</body></html>\n";
    }
}
