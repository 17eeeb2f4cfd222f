package org.scimbridge.bridge.bench;

import static org.scimbridge.bridge.bench.BenchArguments.positive;
import static org.scimbridge.bridge.bench.BenchArguments.required;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;

import org.scimbridge.bridge.testing.SlapdServer;
import org.scimbridge.mapping.config.MappingLoader;
import org.scimbridge.mapping.entry.AttributeMapper;

/**
 * The bridge against the raw directory (issue "bench"; run it with {@code bench/directory}, see bench/README.md): a
 * private slapd (MDB, durable, eq indexes on the mapped attributes) loaded with many users, a large and a small
 * groupOfNames, and the packaged bridge in its own JVM in front of it. Each request kind is measured at 1, 4 and 16
 * concurrent clients through the bridge (wrk) and as the native LDAP operation it stands for (UnboundID), one after the
 * other in the same run, and reported as throughput, p50/p99 latency, the ratio bridge/raw and the CPU every process
 * spent per request. Not part of CI.
 */
public final class DirectoryBenchmark {

    static final int PAGE = 100;
    private static final int OUTSIDERS = 16;
    private static final int ID_SAMPLE = 20_000;

    /** What a row compares, in the order measured (POST last: it adds users the walk would otherwise count). */
    enum Row {
        LOOKUP("search by uid", "GET /Users?filter=userName eq", "GET /Users/{id}", 0.65),
        WALK("paged search, pages of 100", "GET /Users?startIndex=..&count=100", null, 0.50),
        PATCH("modify one attribute", "PATCH replace title", null, 0.85),
        MEMBER_SMALL("member value add/delete, small group", "PATCH members add/remove, small group", null, 0.85),
        MEMBER_LARGE("member value add/delete, large group", "PATCH members add/remove, large group", null, 0.85),
        POST("add", "POST /Users", null, 0.85);

        final String raw;
        final String bridge;
        final String secondBridge;
        final double target;

        Row(String raw, String bridge, String secondBridge, double target) {
            this.raw = raw;
            this.bridge = bridge;
            this.secondBridge = secondBridge;
            this.target = target;
        }
    }

    record Options(int users, int large, int small, Duration seconds, Duration warmup, Duration maxWarmup,
                   List<Integer> clients, List<Row> rows, Path out, Path config, Path jar, Path script, List<String> bridgeJvm,
                   boolean scopedRaw, boolean memberOf, int sortCap, boolean floor, Optional<Path> jfr) {

        static Options parse(String[] args) {
            int users = 100_000;
            int large = 50_000;
            int small = 10;
            int seconds = 10;
            int warmup = 5;
            int maxWarmup = 30;
            List<Integer> clients = List.of(1, 4, 16);
            List<Row> rows = List.of(Row.values());
            Path out = Path.of("bridge/target/bench/directory.md");
            Path config = Path.of(System.getProperty("config.dir", "config"), "openldap.yaml");
            Path jar = Path.of(System.getProperty("bench.jar", "bridge/target/scim-bridge.jar"));
            Path script = Path.of(System.getProperty("bench.wrk", "bench/wrk/scim.lua"));
            // The systemd unit's options (systemd/scim-bridge.env).
            List<String> jvm = new ArrayList<>(List.of("-Xms256m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
            boolean scopedRaw = false;
            boolean memberOf = true;
            // config/README.md advises olcSssVlvMax headroom for the pool size; slapd's default is 8 kept sorts.
            int sortCap = 64;
            boolean floor = false;
            Optional<Path> jfr = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (arg) {
                    case "--users" -> users = positive(arg, value);
                    case "--large" -> large = positive(arg, value);
                    case "--small" -> small = positive(arg, value);
                    case "--seconds" -> seconds = positive(arg, value);
                    case "--warmup" -> warmup = positive(arg, value);
                    case "--max-warmup" -> maxWarmup = positive(arg, value);
                    case "--clients" -> clients = Arrays.stream(required(arg, value).split(",")).map(Integer::valueOf).toList();
                    case "--rows" -> rows = Arrays.stream(required(arg, value).split(","))
                            .map(r -> Row.valueOf(r.strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'))).toList();
                    case "--out" -> out = Path.of(required(arg, value));
                    case "--config" -> config = Path.of(required(arg, value));
                    case "--bridge-jvm" -> jvm.addAll(Arrays.asList(required(arg, value).split(" ")));
                    case "--jfr" -> jfr = Optional.of(Path.of(required(arg, value)).toAbsolutePath());
                    case "--raw-scoped" -> {
                        scopedRaw = true;
                        i--; // no value
                    }
                    case "--sort-cap" -> sortCap = Integer.parseInt(required(arg, value));
                    case "--no-memberof" -> {
                        memberOf = false;
                        i--; // no value
                    }
                    case "--floor" -> {
                        floor = true;
                        i--; // no value
                    }
                    case "-h", "--help" -> {
                        System.out.println(usage());
                        System.exit(0);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + usage());
                }
                i++;
            }
            if (large + OUTSIDERS > users || small > large) {
                throw new IllegalArgumentException("need small <= large and users >= large + " + OUTSIDERS);
            }
            return new Options(users, large, small, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup),
                    Duration.ofSeconds(Math.max(warmup, maxWarmup)), clients,
                    rows, out, config, jar, script, List.copyOf(jvm), scopedRaw, memberOf, sortCap, floor, jfr);
        }

        static String usage() {
            return """
                    options:
                      --users N        users slapadd loads (default 100000)
                      --large N        members of the large group (default 50000), --small N of the small one (10)
                      --seconds N      length of each measured run (default 10)
                      --warmup N       warm-up per row before its first run, bridge and raw (default 5)
                      --max-warmup N   the bridge's warm-up goes on while its JIT still compiles, up to N s (default 30)
                      --clients LIST   concurrent clients (default 1,4,16)
                      --rows LIST      some of lookup,walk,patch,member-small,member-large,post (default all)
                      --out FILE       Markdown report (default bridge/target/bench/directory.md)
                      --config FILE    mapping (default config/openldap.yaml)
                      --bridge-jvm "OPTIONS"  more options for the bridge's JVM (default: the unit's -Xms256m -Xmx512m)
                      --jfr FILE       a JFR recording (profile settings) of the measured bridge's whole run
                      --raw-scoped     the raw lookup sends the bridge's filter, (&(objectClass=inetOrgPerson)(uid=X)),
                                       instead of (uid=X)
                      --no-memberof    no memberof overlay: the bridge finds a user's groups by searching them
                                       (by default slapd keeps memberOf and the mapping gets users.memberOf)
                      --sort-cap N     slapd's olcSssVlvMax, the VLV/sorted searches it keeps across connections
                                       (default 64, the headroom config/README.md advises; 0: slapd's default)
                      --floor          the lookup and PATCH rows also measure FloorServer, Helidon and the bridge's
                                       LDAP pool with one LDAP operation per request and nothing else: the stack's floor""";
        }
    }

    /**
     * One row at one concurrency: the raw run, the bridge run(s), and with {@code --floor} the {@link FloorServer} run
     * (else null).
     */
    record Result(Row row, int clients, Measurement raw, Measurement bridge, Measurement secondBridge, Measurement floor) {
    }

    private final Options options;
    private final SlapdServer slapd;
    private final long slapdPid;
    private final String[] userAttributes;
    private final Path work;
    private final Path mapping;
    private final RawLoad raw;
    private BridgeProcess bridge;
    private WrkLoad wrk;
    private FloorProcess floor;
    private WrkLoad floorWrk;
    private Path idSample;
    private Path outsiderIds;
    private final Map<String, String> groupIds = new LinkedHashMap<>();
    private Entry addTemplate;
    private String addTemplateName;

    private DirectoryBenchmark(Options options, SlapdServer slapd, String[] userAttributes, Path work, Path mapping)
            throws Exception {
        this.options = options;
        this.mapping = mapping;
        this.slapd = slapd;
        this.slapdPid = slapd.pid();
        this.userAttributes = userAttributes;
        this.work = work;
        this.raw = new RawLoad(slapd);
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        WrkLoad.requireInstalled();
        if (!Files.isRegularFile(options.jar())) {
            throw new IllegalStateException(options.jar() + " missing: build it with mvn package (bench/directory does)");
        }
        long began = System.nanoTime();
        String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        String machine = "code %s; %d cores, JDK %s, OpenLDAP %s".formatted(System.getProperty("bench.revision", "unknown"),
                Runtime.getRuntime().availableProcessors(), Runtime.version(), slapdVersion());
        System.out.println(date + "; " + machine);
        String[] attributes = new AttributeMapper(MappingLoader.load(options.config()).users()).attributesToRead();
        Path work = Files.createTempDirectory("bench-directory");
        try {
            Path mapping = options.memberOf() ? withMemberOf(options.config(), work) : options.config();
            Path ldif = work.resolve("users.ldif");
            long loadStart = System.nanoTime();
            writeLdif(ldif, options);
            try (SlapdServer slapd = SlapdServer.start(SlapdServer.Options.defaults().ppolicy(true).preload(ldif)
                    .memberof(options.memberOf()).sortCap(options.sortCap()))) {
                Duration load = Duration.ofNanos(System.nanoTime() - loadStart);
                System.out.printf("slapd on %s: %,d users, groups of %,d and %,d members loaded in %d s%n", slapd.url(),
                        options.users(), options.large(), options.small(), load.toSeconds());
                DirectoryBenchmark benchmark = new DirectoryBenchmark(options, slapd, attributes, work, mapping);
                List<Result> results = benchmark.run();
                String report = new DirectoryReport(date, machine, options, results, benchmark.bridgeFacts(),
                        Duration.ofNanos(System.nanoTime() - began), load).markdown();
                System.out.println();
                System.out.println(report);
                Files.createDirectories(options.out().toAbsolutePath().getParent());
                Files.writeString(options.out(), report);
                System.out.println("written to " + options.out().toAbsolutePath());
            }
        } finally {
            try (var paths = Files.walk(work)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * What the report says about the bridge process beyond the rows.
     *
     * @param firstStartup launch to first answer of a start without the class archive (the first start after an install
     *                     or upgrade)
     * @param startup      the same for the measured start, which maps the archive the first start wrote
     */
    record BridgeFacts(Duration firstStartup, Duration startup, long maxHeapUsed, long liveHeapAfterGc, long rss, long peakRss,
                       String jvm) {
    }

    private BridgeFacts facts;

    BridgeFacts bridgeFacts() {
        return facts;
    }

    private List<Result> run() throws Exception {
        prepareIds();
        List<Result> results = new ArrayList<>();
        // The service's class archive (SCIM_BRIDGE_CLASS_ARCHIVE in systemd/scim-bridge.env), in the run's work folder:
        // the first start writes it as it stops; the measured start maps it, as every later start of the service does.
        List<String> jvm = new ArrayList<>(options.bridgeJvm());
        jvm.addAll(List.of("-XX:SharedArchiveFile=" + work.resolve("classes.jsa"), "-XX:+AutoCreateSharedArchive"));
        Duration firstStart;
        try (BridgeProcess first = BridgeProcess.start(options.jar(), mapping, slapd, Collections.max(options.clients()), jvm)) {
            firstStart = first.startup();
            System.out.printf("first start (no class archive yet): answered %d ms after its launch%n", firstStart.toMillis());
        }
        // Only the measured start records, so that no other JVM writes the same file.
        options.jfr().ifPresent(file -> jvm.add("-XX:StartFlightRecording=settings=profile,filename=" + file));
        try (BridgeProcess process = BridgeProcess.start(options.jar(), mapping, slapd,
                Collections.max(options.clients()), jvm)) {
            this.bridge = process;
            this.wrk = new WrkLoad(options.script(), process.baseUrl(), BridgeProcess.TOKEN);
            System.out.printf("bridge (pid %d) answered %d ms after its launch%n", process.pid(), process.startup().toMillis());
            HeapSampler heap = new HeapSampler(process);
            Thread sampler = Thread.ofPlatform().daemon().name("heap-sampler").start(heap);
            try {
                if (options.floor()) {
                    floor = FloorProcess.start(process.configFile(), SlapdServer.PEOPLE_DN, userAttributes,
                            options.bridgeJvm(), uid(0));
                    floorWrk = new WrkLoad(options.script(), floor.baseUrl(), BridgeProcess.TOKEN);
                }
                for (Row row : options.rows()) {
                    warmUp(row);
                    for (int clients : options.clients()) {
                        results.add(measure(row, clients));
                    }
                }
            } finally {
                sampler.interrupt();
                sampler.join();
                if (floor != null) {
                    floor.close();
                }
            }
            String metrics = process.metrics();
            long[] rss = process.residentBytes();
            facts = new BridgeFacts(firstStart, process.startup(), Math.max(heap.max.get(),
                    (long) BridgeProcess.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"")),
                    process.heapAfterFullGc(), rss[0], rss[1],
                    String.join(" ", options.bridgeJvm()));
        }
        return results;
    }

    /** Reads the bridge's heap in use every 5 s (a scrape costs the bridge ~3 ms of CPU): its peak, garbage included. */
    private static final class HeapSampler implements Runnable {
        final AtomicLong max = new AtomicLong();
        private final BridgeProcess process;

        HeapSampler(BridgeProcess process) {
            this.process = process;
        }

        @Override
        public void run() {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long used = (long) BridgeProcess.sum(process.metrics(), "jvm_memory_used_bytes", "area=\"heap\"");
                    max.accumulateAndGet(used, Math::max);
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a missed sample
                }
            }
        }
    }

    private void warmUp(Row row) throws Exception {
        System.out.printf("%s: warm-up %d s%n", row.name().toLowerCase(java.util.Locale.ROOT), options.warmup().toSeconds());
        warmUpWhileCompiling("the bridge", bridge.pid(), length -> bridgeRun(row, 4, length, false, "warm"));
        cleanUpMembers();
        bridge.failuresSinceLastCall();
        if (hasFloor(row)) {
            warmUpWhileCompiling("the floor", floor.pid(), length -> floorRun(row, 4, length));
        }
        rawRun(row, 4, Duration.ofSeconds(Math.min(2, options.warmup().toSeconds())), "rawwarm");
        if (row == Row.POST) {
            addTemplate = slapd.connect().getEntry(userDn("warm-1-1"), "*");
            addTemplateName = "warm-1-1";
        }
        cleanUpMembers();
    }

    @FunctionalInterface
    private interface WarmRun {
        void run(Duration length) throws Exception;
    }

    /**
     * The warm-up, then on in slices while the JIT of the JVM {@code pid} still compiles (more than 5 % of a core), up to
     * --max-warmup: after a fixed 5 s, the first measured run (one client) also measured C2 at work, ~215 µs of the
     * bridge's CPU per member PATCH (per-thread CPU from /proc; JFR counted 270 compilations taking 5 s during that run).
     */
    private void warmUpWhileCompiling(String name, long pid, WarmRun run) throws Exception {
        run.run(options.warmup());
        double jit = BridgeProcess.jitSeconds(pid);
        Duration slice = Duration.ofSeconds(2);
        for (Duration spent = options.warmup(); spent.compareTo(options.maxWarmup()) < 0; spent = spent.plus(slice)) {
            run.run(slice);
            double now = BridgeProcess.jitSeconds(pid);
            if (now - jit < 0.05 * slice.toSeconds()) {
                break;
            }
            System.out.printf("  %s still compiling (%.2f s of JIT in %d s), warming up on%n", name, now - jit,
                    slice.toSeconds());
            jit = now;
        }
    }

    private Result measure(Row row, int clients) throws Exception {
        Measurement rawResult = withCosts(() -> rawRun(row, clients, options.seconds(), "raw" + clients + "x"), false);
        cleanUpMembers();
        Measurement bridgeResult = withCosts(() -> bridgeRun(row, clients, options.seconds(), false, "b" + clients), true);
        cleanUpMembers();
        Measurement second = row.secondBridge == null ? null
                : withCosts(() -> bridgeRun(row, clients, options.seconds(), true, "c" + clients), true);
        Measurement floorResult = hasFloor(row) ? floorCosts(() -> floorRun(row, clients, options.seconds())) : null;
        Result result = new Result(row, clients, rawResult, bridgeResult, second, floorResult);
        System.out.printf("  %-12s %2d clients: raw %,9.1f/s p50 %,6d us | bridge %,9.1f/s p50 %,6d us (%.1f %%)%s%n",
                row.name().toLowerCase(java.util.Locale.ROOT), clients, rawResult.perSecond(), rawResult.p50Micros(),
                bridgeResult.perSecond(), bridgeResult.p50Micros(), 100 * bridgeResult.perSecond() / rawResult.perSecond(),
                second == null ? "" : " | %,9.1f/s p50 %,6d us (%.1f %%)".formatted(second.perSecond(), second.p50Micros(),
                        100 * second.perSecond() / rawResult.perSecond()));
        if (floorResult != null) {
            System.out.printf("  %-12s %2d clients: floor %,9.1f/s p50 %,6d us (%.1f %% of raw), floor CPU %,.0f us, bridge CPU %,.0f us%n",
                    row.name().toLowerCase(java.util.Locale.ROOT), clients, floorResult.perSecond(), floorResult.p50Micros(),
                    100 * floorResult.perSecond() / rawResult.perSecond(),
                    floorResult.microsPerRequest(floorResult.bridgeCpuNanos()),
                    bridgeResult.microsPerRequest(bridgeResult.bridgeCpuNanos()));
        }
        return result;
    }

    private boolean hasFloor(Row row) {
        return floor != null && (row == Row.LOOKUP || row == Row.PATCH);
    }

    private Measurement floorRun(Row row, int clients, Duration length) throws Exception {
        return row == Row.LOOKUP ? floorWrk.run(clients, length, "GET", "floor-filter", Integer.toString(options.users()))
                : floorWrk.run(clients, length, "PATCH", "floor-patch", Integer.toString(options.users()));
    }

    /** As {@link #withCosts} for a {@link FloorServer} run: its process's CPU in the server's place. */
    private Measurement floorCosts(Run run) throws Exception {
        long slapdBefore = Resources.cpuNanos(slapdPid);
        long floorBefore = floor.cpuNanos();
        Measurement m = run.run();
        long slapdCpu = Resources.cpuNanos(slapdPid) - slapdBefore;
        long floorCpu = floor.cpuNanos() - floorBefore;
        if (m.errors() > 0) {
            System.out.printf("    floor: %,d errors in %,d requests%n", m.errors(), m.requests());
        }
        return m.withCosts(slapdCpu, floorCpu, m.requests()); // one LDAP operation per request by construction
    }

    @FunctionalInterface
    private interface Run {
        Measurement run() throws Exception;
    }

    private Measurement withCosts(Run run, boolean throughBridge) throws Exception {
        long slapdBefore = Resources.cpuNanos(slapdPid);
        long bridgeBefore = bridge.cpuNanos();
        double ldapBefore = throughBridge ? bridge.ldapOperations() : 0;
        Measurement m = run.run();
        long slapdCpu = Resources.cpuNanos(slapdPid) - slapdBefore;
        long bridgeCpu = bridge.cpuNanos() - bridgeBefore;
        double ldapOps = throughBridge ? bridge.ldapOperations() - ldapBefore : 0;
        if (m.errors() > 0) {
            System.out.printf("    %,d errors in %,d requests%s%n", m.errors(), m.requests(),
                    throughBridge ? ": " + bridge.failuresSinceLastCall() : "");
        } else if (throughBridge) {
            bridge.failuresSinceLastCall();
        }
        return m.withCosts(slapdCpu, throughBridge ? bridgeCpu : 0, ldapOps);
    }

    private Measurement bridgeRun(Row row, int clients, Duration length, boolean second, String tag) throws Exception {
        return switch (row) {
            case LOOKUP -> second ? wrk.run(clients, length, "GET", "id", idSample.toString())
                    : wrk.run(clients, length, "GET", "filter", Integer.toString(options.users()));
            case WALK -> wrk.run(clients, length, "page of " + PAGE, "walk", Integer.toString(options.users()));
            case PATCH -> wrk.run(clients, length, "PATCH", "patch", idSample.toString());
            case MEMBER_SMALL -> wrk.run(clients, length, "PATCH", "member", groupIds.get("small"), outsiderIds.toString());
            case MEMBER_LARGE -> wrk.run(clients, length, "PATCH", "member", groupIds.get("large"), outsiderIds.toString());
            case POST -> wrk.run(clients, length, "POST", "post", tag);
        };
    }

    private Measurement rawRun(Row row, int clients, Duration length, String tag) throws Exception {
        return switch (row) {
            case LOOKUP -> raw.run(clients, length, "search", (c, client, n) -> {
                SearchResult result = c.search(SlapdServer.PEOPLE_DN, SearchScope.ONE,
                        rawLookupFilter(uid(ThreadLocalRandom.current().nextInt(options.users()))),
                        userAttributes);
                if (result.getEntryCount() != 1) {
                    throw new IllegalStateException("search found " + result.getEntryCount());
                }
            });
            case WALK -> {
                ASN1OctetString[] cookies = new ASN1OctetString[clients];
                yield raw.run(clients, length, "page of " + PAGE, (c, client, n) -> {
                    SearchRequest request = new SearchRequest(SlapdServer.PEOPLE_DN, SearchScope.ONE,
                            Filter.createEqualityFilter("objectClass", "inetOrgPerson"), userAttributes);
                    request.addControl(new SimplePagedResultsControl(PAGE, cookies[client]));
                    SearchResult result = c.search(request);
                    SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
                    cookies[client] = response != null && response.moreResultsToReturn() ? response.getCookie() : null;
                });
            }
            case PATCH -> raw.run(clients, length, "modify", (c, client, n) -> c.modify(
                    userDn(uid(ThreadLocalRandom.current().nextInt(options.users()))),
                    new Modification(ModificationType.REPLACE, "title", "Title " + n)));
            case MEMBER_SMALL, MEMBER_LARGE -> {
                String group = groupDn(row == Row.MEMBER_SMALL ? "small" : "large");
                yield raw.run(clients, length, "modify", (c, client, n) -> c.modify(group, new Modification(
                        n % 2 == 0 ? ModificationType.ADD : ModificationType.DELETE, "member",
                        userDn(uid(options.users() - OUTSIDERS + client)))));
            }
            case POST -> raw.run(clients, length, "add", (c, client, n) -> c.add(rawEntry(tag + "-" + client + "-" + n)));
        };
    }

    /** The raw lookup's filter: {@code (uid=X)}, or with {@code --raw-scoped} the one the bridge sends for userName eq. */
    private Filter rawLookupFilter(String uid) {
        Filter byUid = Filter.createEqualityFilter("uid", uid);
        return options.scopedRaw() ? Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "inetOrgPerson"), byUid)
                : byUid;
    }

    /** The entry the bridge made for a warm-up POST, with another name: the same attributes and sizes as its adds. */
    private Entry rawEntry(String name) {
        if (addTemplate == null) {
            // Before the warm-up POST: an entry of the same shape.
            return new Entry(userDn(name), List.of(new Attribute("objectClass", "top", "person", "organizationalPerson",
                    "inetOrgPerson"), new Attribute("uid", name), new Attribute("cn", "Given " + name),
                    new Attribute("sn", name), new Attribute("givenName", "Given"),
                    new Attribute("mail", name + "@example.com"), new Attribute("displayName", "Given " + name)));
        }
        List<Attribute> attributes = new ArrayList<>();
        for (Attribute a : addTemplate.getAttributes()) {
            String[] values = a.getValues();
            for (int i = 0; i < values.length; i++) {
                values[i] = values[i].replace(addTemplateName, name);
            }
            attributes.add(new Attribute(a.getName(), values));
        }
        return new Entry(userDn(name), attributes);
    }

    /** Takes the outsiders out of both groups again: a run ends wherever its time is up, often after an add. */
    private void cleanUpMembers() throws LDAPException {
        try (LDAPConnection admin = slapd.connect()) {
            for (String group : List.of("small", "large")) {
                for (int k = 0; k < OUTSIDERS; k++) {
                    try {
                        admin.modify(groupDn(group), new Modification(ModificationType.DELETE, "member",
                                userDn(uid(options.users() - OUTSIDERS + k))));
                    } catch (LDAPException e) {
                        if (e.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE) {
                            throw e;
                        }
                    }
                }
            }
        }
    }

    /** The SCIM ids (entryUUID) the bridge rows use: a random sample of users, the outsiders, the two groups. */
    private void prepareIds() throws Exception {
        Map<String, String> idByUid = new java.util.HashMap<>();
        try (LDAPConnection admin = slapd.connect()) {
            ASN1OctetString cookie = null;
            do {
                SearchRequest request = new SearchRequest(SlapdServer.PEOPLE_DN, SearchScope.ONE,
                        Filter.createPresenceFilter("uid"), "uid", "entryUUID");
                request.addControl(new SimplePagedResultsControl(5_000, cookie));
                SearchResult result = admin.search(request);
                for (SearchResultEntry e : result.getSearchEntries()) {
                    idByUid.put(e.getAttributeValue("uid"), e.getAttributeValue("entryUUID"));
                }
                SimplePagedResultsControl paged = SimplePagedResultsControl.get(result);
                cookie = paged != null && paged.moreResultsToReturn() ? paged.getCookie() : null;
            } while (cookie != null);
            for (String group : List.of("small", "large")) {
                groupIds.put(group, admin.getEntry(groupDn(group), "entryUUID").getAttributeValue("entryUUID"));
            }
        }
        List<String> sample = new ArrayList<>(idByUid.values());
        Collections.shuffle(sample, new Random(42));
        idSample = Files.write(work.resolve("ids.txt"), sample.subList(0, Math.min(ID_SAMPLE, sample.size())));
        List<String> outsiders = new ArrayList<>();
        for (int k = 0; k < OUTSIDERS; k++) {
            outsiders.add(idByUid.get(uid(options.users() - OUTSIDERS + k)));
        }
        outsiderIds = Files.write(work.resolve("outsiders.txt"), outsiders);
    }

    /** The mapping with {@code users.memberOf: memberOf}, in {@code work}: the overlay keeps it, the bridge reads it. */
    private static Path withMemberOf(Path config, Path work) throws Exception {
        var users = MappingLoader.load(config).users();
        if (users.memberOfAttribute().isPresent()) {
            return config;
        }
        String yaml = Files.readString(config);
        if (!yaml.contains("\nusers:\n")) {
            throw new IllegalArgumentException(config + ": no top-level users: line to add memberOf to; use --no-memberof");
        }
        return Files.writeString(work.resolve("mapping-memberof.yaml"), yaml.replaceFirst("\nusers:\n", "\nusers:\n  memberOf: memberOf\n"));
    }

    /**
     * Users u00000.. with the attributes an IdP sends, and the two groups, for slapadd; with the memberof overlay, each
     * member's memberOf too (slapadd runs no overlay).
     */
    private static void writeLdif(Path ldif, Options options) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(ldif)) {
            for (int n = 0; n < options.users(); n++) {
                String uid = uid(n);
                out.write("dn: " + userDn(uid) + "\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\n"
                        + "objectClass: inetOrgPerson\nuid: " + uid + "\ncn: Given " + uid + "\nsn: " + uid
                        + "\ngivenName: Given\ndisplayName: Given " + uid + "\nmail: " + uid + "@example.com\nemployeeNumber: e"
                        + n + "\ntitle: Engineer\n");
                if (options.memberOf() && n < options.small()) {
                    out.write("memberOf: " + groupDn("small") + "\n");
                }
                if (options.memberOf() && n < options.large()) {
                    out.write("memberOf: " + groupDn("large") + "\n");
                }
                out.write("\n");
            }
            for (String group : List.of("small", "large")) {
                int members = group.equals("small") ? options.small() : options.large();
                out.write("dn: " + groupDn(group) + "\nobjectClass: top\nobjectClass: groupOfNames\ncn: " + group + "\n");
                for (int n = 0; n < members; n++) {
                    out.write("member: " + userDn(uid(n)) + "\n");
                }
                out.write("\n");
            }
        }
    }

    static String uid(int n) {
        return "u%05d".formatted(n);
    }

    static String userDn(String uid) {
        return new com.unboundid.ldap.sdk.DN(new com.unboundid.ldap.sdk.RDN("uid", uid), parse(SlapdServer.PEOPLE_DN)).toString();
    }

    static String groupDn(String cn) {
        return new com.unboundid.ldap.sdk.DN(new com.unboundid.ldap.sdk.RDN("cn", cn), parse(SlapdServer.GROUPS_DN)).toString();
    }

    private static com.unboundid.ldap.sdk.DN parse(String dn) {
        try {
            return new com.unboundid.ldap.sdk.DN(dn);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String slapdVersion() {
        try {
            Process p = new ProcessBuilder("/usr/sbin/slapd", "-VV").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("slapd (\\d+\\.\\d+\\.\\d+)").matcher(out);
            return m.find() ? m.group(1) : "unknown";
        } catch (Exception e) {
            return "unknown";
        }
    }
}
