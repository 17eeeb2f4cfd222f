package org.scimbridge.bridge.bench;

import static org.scimbridge.bridge.bench.BenchArguments.positive;
import static org.scimbridge.bridge.bench.BenchArguments.required;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.bridge.BridgeServer;
import org.scimbridge.bridge.audit.AuditLog;
import org.scimbridge.bridge.auth.TokenStore;
import org.scimbridge.bridge.config.BridgeConfig;
import org.scimbridge.bridge.config.BridgeConfig.Cap;
import org.scimbridge.bridge.config.BridgeConfig.GuardKind;
import org.scimbridge.bridge.config.BridgeConfig.Limits;
import org.scimbridge.bridge.config.BridgeConfig.Paging;
import org.scimbridge.bridge.config.BridgeConfig.Safety;
import org.scimbridge.bridge.guard.Safeguards;
import org.scimbridge.bridge.http.BaseUrl;
import org.scimbridge.bridge.it.BridgeHarness;
import org.scimbridge.bridge.ldap.DirectoryFeatures;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.ldap.LdapPools;
import org.scimbridge.bridge.observe.Observability;
import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.mapping.config.MappingConfig;
import org.scimbridge.mapping.config.MappingLoader;

/**
 * A bounded soak (run it with {@code bench/soak}; {@code bench/README.md}): a private slapd with many users, the bridge
 * in this JVM with an audit file and guards (caps high enough never to refuse, so their counting runs on every
 * destructive request), and steady mixed IdP traffic at a fixed rate for a fixed time. It reports the error rate,
 * latency percentiles per kind of request, heap after GC and resident memory over time. Not part of CI.
 */
public final class SoakBenchmark {

    record Options(Duration duration, int users, int rate, int clients, int groups, int groupSize, Duration sampleEvery,
                   Path out, Path config) {

        static Options parse(String[] args) {
            Duration duration = Duration.ofMinutes(10);
            int users = 100_000;
            int rate = 40;
            int clients = 4;
            int groups = 20;
            int groupSize = 200;
            Duration sampleEvery = null;
            Path out = Path.of("bridge/target/bench/soak.md");
            Path config = Path.of(System.getProperty("config.dir", "config"), "openldap.yaml");
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--minutes" -> duration = Duration.ofMinutes(positive(arg, value));
                    case "--seconds" -> duration = Duration.ofSeconds(positive(arg, value));
                    case "--users" -> users = positive(arg, value);
                    case "--rate" -> rate = positive(arg, value);
                    case "--clients" -> clients = positive(arg, value);
                    case "--groups" -> groups = positive(arg, value);
                    case "--group-size" -> groupSize = positive(arg, value);
                    case "--sample-every" -> sampleEvery = Duration.ofSeconds(positive(arg, value));
                    case "--out" -> out = Path.of(required(arg, value));
                    case "--config" -> config = Path.of(required(arg, value));
                    case "-h", "--help" -> {
                        System.out.println(usage());
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
                }
                i++;
            }
            if (groupSize + Population.OUTSIDERS > users) {
                throw new IllegalArgumentException("--users must exceed --group-size by " + Population.OUTSIDERS);
            }
            Duration every = sampleEvery != null ? sampleEvery : Duration.ofSeconds(Math.max(5, duration.toSeconds() / 10));
            return new Options(duration, users, rate, clients, groups, groupSize, every, out, config);
        }

        static String usage() {
            return """
                    options:
                      --minutes N      how long the traffic runs (default 10); --seconds N for shorter runs
                      --users N        users loaded into slapd first (default 100000)
                      --rate N         requests per second, all clients together (default 40)
                      --clients N      concurrent IdP connections (default 4)
                      --groups N       groups the member changes go to (default 20), each with
                      --group-size N   members (default 200)
                      --sample-every N seconds between heap/RSS readings (default a tenth of the run, at least 5)
                      --out FILE       Markdown report (default bridge/target/bench/soak.md)
                      --config FILE    mapping (default config/openldap.yaml)""";
        }
    }

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String header = "## Soak, %s%n%ncode %s; %d cores seen by the JVM, JDK %s, max heap %,d MB; %s".formatted(date,
                System.getProperty("bench.revision", "of unknown revision"), Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20, options);
        System.out.println(header);
        MappingConfig mapping = MappingLoader.load(options.config());
        Path scratch = Files.createTempDirectory("soak");
        try (SlapdServer slapd = SlapdServer.start(SlapdServer.Options.defaults().ppolicy(true))) {
            System.out.println("slapd on " + slapd.url() + ", folder " + slapd.directory());
            try (LDAPConnectionPool loadPool = new LDAPConnectionPool(slapd.connect(), 4)) {
                Population.loadUsers(loadPool, options.users());
            }
            LDAPConnection admin = slapd.connect();
            List<String> groups = new ArrayList<>();
            for (int g = 0; g < options.groups(); g++) {
                groups.add(Population.createGroup(admin, "soak-" + g, options.groupSize()).id());
            }
            List<SoakTraffic.User> outsiders = Population.outsiders(admin, options.groupSize()).stream()
                    .map(o -> new SoakTraffic.User(o.id(), o.dn())).toList();
            List<SoakTraffic.User> users = sampleUsers(admin, options.groupSize() + Population.OUTSIDERS);

            // The appliance's pool (LdapPools): its failover, health checks and response deadlines run under the soak too.
            LDAPConnectionPool pool = LdapPools.create(new BridgeConfig.Directory(List.of(slapd.url()), slapd.adminDn(),
                    new BridgeConfig.Secret(slapd.adminPassword()), 8, Duration.ofSeconds(5), Duration.ofSeconds(30)), "soak");
            Cap generous = new Cap(10_000_000, Duration.ofMinutes(10), Cap.Reset.MANUAL);
            Safety safety = new Safety(Map.of(GuardKind.DEACTIVATIONS, generous, GuardKind.DELETES, generous,
                    GuardKind.MEMBER_REMOVALS, generous), scratch.resolve("guards.json"),
                    new BridgeConfig.Protection(List.of(), List.of(), List.of()), false);
            AuditLog audit = AuditLog.open(new BridgeConfig.Audit(List.of(new BridgeConfig.Audit.FileSink(
                    scratch.resolve("audit.log"))), false, true));
            BridgeServer.Wiring wiring = new BridgeServer.Wiring(new LdapDirectory(pool, DirectoryFeatures.detect(pool)), mapping,
                    TokenStore.of("soak", BridgeHarness.TOKEN), audit, new Limits(BridgeHarness.MAX_PAYLOAD, 500),
                    Paging.defaults(), new BaseUrl(Optional.empty()), false, Observability.create(),
                    Safeguards.of(safety, mapping));
            BridgeServer server = BridgeServer.start("127.0.0.1", 0, wiring, List.of(pool::close, audit));
            try (BridgeHarness bridge = new BridgeHarness(server, admin, mapping)) {
                System.out.println("bridge on " + bridge.baseUrl() + "; traffic for " + options.duration().toSeconds() + " s");
                SoakTraffic traffic = new SoakTraffic(bridge.baseUrl(), BridgeHarness.TOKEN, users, outsiders, groups);
                long slapdPid = Resources.slapdPid(slapd.directory());
                List<SoakReport.Sample> samples = run(options, traffic, slapdPid);
                Map<SoakTraffic.Kind, Integer> errors = new EnumMap<>(SoakTraffic.Kind.class);
                traffic.latencies().keySet().forEach(kind -> errors.put(kind, traffic.errors(kind)));
                String report = new SoakReport(header, traffic.latencies(), errors, samples, traffic.errorSamples(),
                        options.duration()).markdown();
                System.out.println();
                System.out.println(report);
                Files.createDirectories(options.out().toAbsolutePath().getParent());
                Files.writeString(options.out(), report);
                System.out.println("written to " + options.out().toAbsolutePath());
            }
        } finally {
            try (var paths = Files.walk(scratch)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Users outside the groups, with their ids: the ones the traffic reads, changes and (de)activates. */
    private static List<SoakTraffic.User> sampleUsers(LDAPConnection admin, int firstFree) throws Exception {
        // uid has no ordering rule in the standard schema, so the range is cut here rather than by a >= filter.
        SearchRequest request = new SearchRequest(SlapdServer.PEOPLE_DN, SearchScope.ONE, Filter.createPresenceFilter("uid"),
                "entryUUID", "uid");
        request.setSizeLimit(5_000 + firstFree);
        List<com.unboundid.ldap.sdk.SearchResultEntry> entries;
        try {
            entries = admin.search(request).getSearchEntries();
        } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
            entries = e.getSearchEntries(); // the size limit: the entries so far are enough
        }
        List<SoakTraffic.User> users = new ArrayList<>();
        for (com.unboundid.ldap.sdk.SearchResultEntry e : entries) {
            String uid = e.getAttributeValue("uid");
            if (uid.matches("u\\d+") && Integer.parseInt(uid.substring(1)) >= firstFree) {
                users.add(new SoakTraffic.User(e.getAttributeValue("entryUUID"), uid));
            }
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("no users beyond the groups' members");
        }
        return users;
    }

    /** The clients at a fixed pace (no bursts to catch up), and a reading of memory every {@code sampleEvery}. */
    private static List<SoakReport.Sample> run(Options options, SoakTraffic traffic, long slapdPid) throws Exception {
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        long interval = TimeUnit.SECONDS.toNanos(options.clients()) / options.rate();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            long offset = interval * c / options.clients();
            clients.add(Thread.ofPlatform().name("soak-client-" + c).start(() -> {
                long next = start + offset;
                while (next < end && !Thread.currentThread().isInterrupted()) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        } catch (InterruptedException e) {
                            return;
                        }
                    } else if (-wait > TimeUnit.SECONDS.toNanos(1)) {
                        next = System.nanoTime(); // far behind: carry on at the pace, do not burst to catch up
                    }
                    traffic.one();
                    next += interval;
                }
            }));
        }
        List<SoakReport.Sample> samples = Collections.synchronizedList(new ArrayList<>());
        long nextSample = start;
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= nextSample) {
                samples.add(sample(start, slapdPid));
                System.out.println("  " + samples.getLast());
                nextSample += options.sampleEvery().toNanos();
            }
            Thread.sleep(Math.max(1, Math.min(250, (Math.min(end, nextSample) - System.nanoTime()) / 1_000_000)));
        }
        for (Thread client : clients) {
            client.join();
        }
        samples.add(sample(start, slapdPid));
        return samples;
    }

    private static SoakReport.Sample sample(long start, long slapdPid) {
        long heap = Resources.heapAfterGc();
        return new SoakReport.Sample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), heap,
                Resources.statusBytes(ProcessHandle.current().pid(), "VmRSS"), Resources.statusBytes(slapdPid, "VmRSS"));
    }
}
