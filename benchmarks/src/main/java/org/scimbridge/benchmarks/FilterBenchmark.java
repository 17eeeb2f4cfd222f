package org.scimbridge.benchmarks;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.Filter;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.scimbridge.mapping.entry.ReferenceResolver;
import org.scimbridge.mapping.filter.FilterParser;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.filter.ScimFilter;

/**
 * Cost of the filter path of {@code GET /Users?filter=...}: parsing the SCIM filter, translating it to one LDAP filter
 * for the OpenLDAP mapping, and BER-encoding that filter as it goes on the wire in the search request.
 *
 * <p>The filters are the ones identity providers send before (almost) every write: Okta's and Entra ID's lookups by
 * userName and externalId (Entra also unquoted), a value path on emails, an incremental-sync date comparison, a
 * compound filter with the enterprise extension and {@code not}, and a lookup by id.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FilterBenchmark {

    @Param({
            "userName eq \"alovelace@example.com\"",
            "externalId eq \"7a6b9c2e-4f1d-4e8a-9b3c-2d1e0f9a8b7c\"",
            "externalId eq jyoung",
            "emails[type eq \"work\" and value co \"@example.com\"]",
            "meta.lastModified gt \"2026-01-31T12:00:00Z\"",
            "userName sw \"a\" and (title co \"Engineer\" or "
                    + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq \"Sales\") and not (displayName pr)",
            "id eq \"2819c223-7f76-453a-919d-413861904646\"",
    })
    public String filter;

    /** None of the filters references a user; the bridge's resolver would search the directory. */
    private static final ReferenceResolver NO_REFERENCES = id -> Optional.empty();

    private LdapFilterTranslator translator;

    @Setup(Level.Trial)
    public void setUp() {
        translator = new LdapFilterTranslator(BenchmarkConfig.users());
        // Fail the trial at once, not with a benchmark full of exceptions, if a filter stops being accepted.
        translator.translateScoped(FilterParser.parse(filter), NO_REFERENCES);
    }

    @Benchmark
    public ScimFilter parse() {
        return FilterParser.parse(filter);
    }

    @Benchmark
    public Filter parseAndTranslate() {
        return translator.translateScoped(FilterParser.parse(filter), NO_REFERENCES);
    }

    @Benchmark
    public byte[] parseTranslateAndEncode() {
        return translator.translateScoped(FilterParser.parse(filter), NO_REFERENCES).encode().encode();
    }
}
