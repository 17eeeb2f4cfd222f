package org.scimbridge.bridge.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedAddResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedDeleteResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyDNResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyResult;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchEntry;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.ReadOnlyEntry;
import com.unboundid.ldap.sdk.ReadOnlyModifyRequest;
import com.unboundid.ldap.sdk.ReadOnlySearchRequest;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An UnboundID in-memory directory that behaves like Active Directory where AD differs from the RFCs in ways the
 * bridge must survive, for integration tests without a Windows server.
 *
 * <p>Schema: the standard schema plus {@code /ad/schema.ldif} (classes {@code user} and {@code group}, AD's attribute
 * types with AD's OIDs, and AD's {@code person}, which does not require {@code sn}). Base {@value #BASE_DN} with
 * {@code ou=people} and {@code ou=groups}; the admin ({@value #ADMIN_DN}) has a random password. There is no
 * {@code entryUUID}, {@code entryCSN} or {@code modifyTimestamp}: AD has none of the first two, so a mapping tested
 * here must use {@code objectGUID} and {@code uSNChanged} or {@code whenChanged}, as it must on AD.
 *
 * <p>Behaviour emulated by an operation interceptor, hence only for operations that arrive over LDAP (through
 * {@link #url()}, {@link #connect()} or {@link #connectionPool(int)}), not for calls on {@link #directory()}, which is
 * the way to seed entries as they are, e.g. a {@code memberOf} value:
 * <ul>
 *   <li>adding a {@code user} or {@code group} sets {@code objectGUID} (16 random bytes), {@code whenCreated},
 *       {@code whenChanged} and {@code uSNChanged} (one counter for the whole server); a group added without
 *       {@code groupType} gets AD's default, a global security group (-2147483646); a modify of a user or group sets
 *       {@code whenChanged} and the next {@code uSNChanged}. (Modify DN does not, unlike AD.)</li>
 *   <li>range retrieval of {@code member}, as AD does with its MaxValRange policy: an entry whose {@code member} has
 *       more than {@link Options#maxValRange()} values, read with {@code member} or {@code *} in the requested
 *       attributes, comes back with {@code member;range=0-<max-1>} holding the first values and no {@code member}
 *       at all; requesting {@code member;range=low-high} or {@code member;range=low-*} returns at most
 *       {@code maxValRange} values from index {@code low}, named {@code member;range=low-<last index returned>}, or
 *       {@code member;range=low-*} when they include the last value. A range starting past the last value returns no
 *       {@code member} attribute (Microsoft does not document that case). A request naming both {@code member} and a
 *       range gets only the range. See
 *       <a href="https://learn.microsoft.com/en-us/windows/win32/adsi/attribute-range-retrieval">Attribute Range
 *       Retrieval</a> and [MS-ADTS] 3.1.1.3.1.3.3.</li>
 *   <li>optionally, a modify carrying more than {@link Options#maxMemberValuesPerModify()} {@code member} values
 *       fails with {@code adminLimitExceeded} (11), as AD refused a 2,582-member modify
 *       (<a href="https://github.com/lsc-project/lsc/issues/256">lsc-project/lsc#256</a>).</li>
 *   <li>{@code memberOf} is AD's computed back link: adds and modifies that write it fail with
 *       {@code unwillingToPerform} (<a href="https://github.com/cannatag/ldap3/issues/808">ldap3#808</a>); it follows
 *       the {@code member} values of groups added, modified, renamed and deleted over LDAP, as AD's linked attributes
 *       do ([MS-ADTS] 3.1.1.1.6).</li>
 *   <li>{@code unicodePwd} is write-only: searches never return it.</li>
 * </ul>
 */
public final class ActiveDirectoryLikeServer implements AutoCloseable {

    public static final String BASE_DN = "dc=ad,dc=example,dc=com";
    public static final String ADMIN_DN = "cn=Administrator," + BASE_DN;
    public static final String PEOPLE_DN = "ou=people," + BASE_DN;
    public static final String GROUPS_DN = "ou=groups," + BASE_DN;
    /** AD's default {@code groupType}: global scope (0x2) and security enabled (0x80000000). */
    public static final int GLOBAL_SECURITY_GROUP = 0x80000002;
    private static final String HOST = "127.0.0.1";

    /**
     * Start-up options, e.g. {@code Options.defaults().maxValRange(10).maxMemberValuesPerModify(100)}.
     *
     * @param maxValRange              most {@code member} values one search returns (AD's default since Windows Server
     *                                 2003: 1500)
     * @param maxMemberValuesPerModify most {@code member} values one modify may carry; empty (the default) = no limit
     */
    public record Options(int maxValRange, OptionalInt maxMemberValuesPerModify) {

        public Options {
            if (maxValRange < 1) {
                throw new IllegalArgumentException("maxValRange must be at least 1: " + maxValRange);
            }
            if (maxMemberValuesPerModify.isPresent() && maxMemberValuesPerModify.getAsInt() < 1) {
                throw new IllegalArgumentException("maxMemberValuesPerModify must be at least 1: " + maxMemberValuesPerModify);
            }
        }

        public static Options defaults() { return new Options(1500, OptionalInt.empty()); }
        public Options maxValRange(int max) { return new Options(max, maxMemberValuesPerModify); }
        public Options maxMemberValuesPerModify(int max) { return new Options(maxValRange, OptionalInt.of(max)); }
    }

    private final InMemoryDirectoryServer directory;
    private final Options options;
    private final String adminPassword;
    private final AdBehaviour behaviour;

    private ActiveDirectoryLikeServer(InMemoryDirectoryServer directory, Options options, String adminPassword,
                                      AdBehaviour behaviour) {
        this.directory = directory;
        this.options = options;
        this.adminPassword = adminPassword;
        this.behaviour = behaviour;
    }

    public static ActiveDirectoryLikeServer start() {
        return start(Options.defaults());
    }

    /** Starts a private instance listening on a free loopback port; close it when done. */
    public static ActiveDirectoryLikeServer start(Options options) {
        try {
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            AdBehaviour behaviour = new AdBehaviour(options);
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE_DN);
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), adSchema()));
            config.setGenerateOperationalAttributes(false);
            config.addAdditionalBindCredentials(ADMIN_DN, password);
            config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("loopback", InetAddress.getByName(HOST), 0, null));
            config.addInMemoryOperationInterceptor(behaviour);
            InMemoryDirectoryServer directory = new InMemoryDirectoryServer(config);
            behaviour.directory = directory;
            directory.add("dn: " + BASE_DN, "objectClass: top", "objectClass: domain", "dc: ad");
            directory.add("dn: " + PEOPLE_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
            directory.add("dn: " + GROUPS_DN, "objectClass: top", "objectClass: organizationalUnit", "ou: groups");
            directory.startListening();
            return new ActiveDirectoryLikeServer(directory, options, password, behaviour);
        } catch (LDAPException | IOException | LDIFException e) {
            throw new IllegalStateException("cannot start the AD-like directory: " + e, e);
        }
    }

    public String host() { return HOST; }
    public int port() { return directory.getListenPort(); }
    public String url() { return "ldap://" + HOST + ":" + port(); }
    public String baseDn() { return BASE_DN; }
    public String adminDn() { return ADMIN_DN; }
    public String adminPassword() { return adminPassword; }
    public Options options() { return options; }

    /** The server itself; its own methods bypass the AD behaviour (see the class comment). */
    public InMemoryDirectoryServer directory() { return directory; }

    /** The last update sequence number handed out, like AD's root DSE {@code highestCommittedUSN}. */
    public long highestCommittedUsn() { return behaviour.usn.get(); }

    /** A new connection bound as the admin; the caller closes it. */
    public LDAPConnection connect() throws LDAPException {
        LDAPConnectionOptions connectionOptions = new LDAPConnectionOptions();
        connectionOptions.setConnectTimeoutMillis(2_000);
        return new LDAPConnection(connectionOptions, HOST, port(), ADMIN_DN, adminPassword);
    }

    /** A pool of {@code size} connections bound as the admin; the caller closes it. */
    public LDAPConnectionPool connectionPool(int size) throws LDAPException {
        return new LDAPConnectionPool(connect(), size);
    }

    @Override
    public void close() {
        directory.shutDown(true);
    }

    private static Schema adSchema() throws IOException, LDIFException {
        try (InputStream in = ActiveDirectoryLikeServer.class.getResourceAsStream("/ad/schema.ldif")) {
            if (in == null) {
                throw new IOException("/ad/schema.ldif is not on the test class path");
            }
            return Schema.getSchema(in);
        }
    }

    /** The interceptor: everything that makes the in-memory server answer like AD. */
    private static final class AdBehaviour extends InMemoryOperationInterceptor {

        private static final String MEMBER = "member";
        private static final String MEMBER_OF = "memberOf";
        private static final String UNICODE_PWD = "unicodePwd";
        private static final String RANGES = AdBehaviour.class.getName() + ".ranges";
        private static final String MEMBERS_BEFORE = AdBehaviour.class.getName() + ".membersBefore";
        // AD writes generalized time with a tenths digit: 20240131235959.0Z
        private static final DateTimeFormatter AD_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'.0Z'", Locale.ROOT);
        private static final Pattern RANGE = Pattern.compile("range=(\\d+)-(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

        private final Options options;
        private final AtomicLong usn = new AtomicLong();
        private final SecureRandom random = new SecureRandom();
        private volatile InMemoryDirectoryServer directory;

        AdBehaviour(Options options) {
            this.options = options;
        }

        /** Which slices of {@code member} a search asked for; {@code high} -1 stands for {@code *}. */
        private record Range(int low, int high) {
        }

        @Override
        public void processAddRequest(InMemoryInterceptedAddRequest request) throws LDAPException {
            AddRequest add = request.getRequest().duplicate();
            refuseMemberOf(add.getAttributes().stream().map(Attribute::getName).toList());
            boolean group = add.hasAttributeValue("objectClass", "group");
            if (!group && !add.hasAttributeValue("objectClass", "user")) {
                return;
            }
            byte[] guid = new byte[16];
            random.nextBytes(guid);
            String now = now();
            add.replaceAttribute(new Attribute("objectGUID", guid));
            add.replaceAttribute("whenCreated", now);
            add.replaceAttribute("whenChanged", now);
            add.replaceAttribute("uSNChanged", Long.toString(usn.incrementAndGet()));
            if (group && !add.hasAttribute("groupType")) {
                add.addAttribute("groupType", Integer.toString(GLOBAL_SECURITY_GROUP));
            }
            request.setRequest(add);
        }

        @Override
        public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
            ReadOnlyModifyRequest modify = request.getRequest();
            refuseMemberOf(modify.getModifications().stream().map(Modification::getAttributeName).toList());
            int memberValues = 0;
            for (Modification m : modify.getModifications()) {
                if (Attribute.getBaseName(m.getAttributeName()).equalsIgnoreCase(MEMBER)) {
                    memberValues += m.getRawValues().length;
                }
            }
            OptionalInt limit = options.maxMemberValuesPerModify();
            if (limit.isPresent() && memberValues > limit.getAsInt()) {
                throw new LDAPException(ResultCode.ADMIN_LIMIT_EXCEEDED, "administrative limit exceeded: " + memberValues
                        + " member values in one modify, at most " + limit.getAsInt() + " allowed");
            }
            ReadOnlyEntry current = directory.getEntry(modify.getDN());
            if (current == null || !(current.hasObjectClass("user") || current.hasObjectClass("group"))) {
                return; // the server answers noSuchObject itself; other entries carry no AD bookkeeping here
            }
            if (current.hasObjectClass("group")) {
                request.setProperty(MEMBERS_BEFORE, members(current));
            }
            ModifyRequest stamped = modify.duplicate();
            stamped.addModification(new Modification(ModificationType.REPLACE, "whenChanged", now()));
            stamped.addModification(new Modification(ModificationType.REPLACE, "uSNChanged",
                    Long.toString(usn.incrementAndGet())));
            request.setRequest(stamped);
        }

        @Override
        public void processAddResult(InMemoryInterceptedAddResult result) {
            if (result.getResult().getResultCode() == ResultCode.SUCCESS
                    && result.getRequest().hasAttributeValue("objectClass", "group")) {
                linkMembers(result.getRequest().getDN(), Map.of(), members(result.getRequest().toEntry()));
            }
        }

        @Override
        public void processModifyResult(InMemoryInterceptedModifyResult result) {
            @SuppressWarnings("unchecked")
            Map<String, String> before = (Map<String, String>) result.getProperty(MEMBERS_BEFORE);
            if (before != null && result.getResult().getResultCode() == ResultCode.SUCCESS) {
                linkMembers(result.getRequest().getDN(), before, members(entry(result.getRequest().getDN())));
            }
        }

        @Override
        public void processDeleteRequest(InMemoryInterceptedDeleteRequest request) {
            rememberMembers(request, request.getRequest().getDN());
        }

        @Override
        public void processDeleteResult(InMemoryInterceptedDeleteResult result) {
            @SuppressWarnings("unchecked")
            Map<String, String> before = (Map<String, String>) result.getProperty(MEMBERS_BEFORE);
            if (before != null && result.getResult().getResultCode() == ResultCode.SUCCESS) {
                linkMembers(result.getRequest().getDN(), before, Map.of());
            }
        }

        @Override
        public void processModifyDNRequest(InMemoryInterceptedModifyDNRequest request) {
            rememberMembers(request, request.getRequest().getDN());
        }

        /** A group's member values before the request, for its result to link or unlink. */
        private void rememberMembers(InMemoryInterceptedRequest request, String dn) {
            ReadOnlyEntry current = entry(dn);
            if (current != null && current.hasObjectClass("group")) {
                request.setProperty(MEMBERS_BEFORE, members(current));
            }
        }

        /** A renamed group: its members' memberOf names it by its new DN. */
        @Override
        public void processModifyDNResult(InMemoryInterceptedModifyDNResult result) {
            @SuppressWarnings("unchecked")
            Map<String, String> members = (Map<String, String>) result.getProperty(MEMBERS_BEFORE);
            if (members == null || result.getResult().getResultCode() != ResultCode.SUCCESS) {
                return;
            }
            try {
                DN old = new DN(result.getRequest().getDN());
                DN parent = result.getRequest().getNewSuperiorDN() == null ? old.getParent()
                        : new DN(result.getRequest().getNewSuperiorDN());
                DN renamed = new DN(new com.unboundid.ldap.sdk.RDN(result.getRequest().getNewRDN()), parent);
                linkMembers(old.toString(), members, Map.of());
                linkMembers(renamed.toString(), Map.of(), members);
            } catch (LDAPException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The group's member values by normalized DN. */
        private static Map<String, String> members(Entry group) {
            Map<String, String> members = new LinkedHashMap<>();
            String[] values = group == null ? null : group.getAttributeValues(MEMBER);
            for (String value : values == null ? new String[0] : values) {
                members.put(normalized(value), value);
            }
            return members;
        }

        /** Adds {@code group} to the memberOf of members that joined, removes it from those that left. */
        private void linkMembers(String group, Map<String, String> before, Map<String, String> after) {
            for (Map.Entry<String, String> member : after.entrySet()) {
                if (!before.containsKey(member.getKey())) {
                    changeMemberOf(member.getValue(), group, true);
                }
            }
            for (Map.Entry<String, String> member : before.entrySet()) {
                if (!after.containsKey(member.getKey())) {
                    changeMemberOf(member.getValue(), group, false);
                }
            }
        }

        /** Directly on the server, past this interceptor, which refuses memberOf writes over LDAP. */
        private void changeMemberOf(String memberDn, String group, boolean joined) {
            ReadOnlyEntry member = entry(memberDn);
            if (member == null) {
                return; // a dangling value or the empty-group placeholder: nothing to link
            }
            Map<String, String> groups = new LinkedHashMap<>();
            String[] values = member.getAttributeValues(MEMBER_OF);
            for (String value : values == null ? new String[0] : values) {
                groups.put(normalized(value), value);
            }
            if (joined) {
                groups.put(normalized(group), group);
            } else {
                groups.remove(normalized(group));
            }
            try {
                directory.modify(memberDn, groups.isEmpty()
                        ? new Modification(ModificationType.DELETE, MEMBER_OF)
                        : new Modification(ModificationType.REPLACE, MEMBER_OF, groups.values().toArray(String[]::new)));
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_ATTRIBUTE) {
                    throw new IllegalStateException("memberOf of " + memberDn + ": " + e.getMessage(), e);
                }
            }
        }

        private ReadOnlyEntry entry(String dn) {
            try {
                return directory.getEntry(dn);
            } catch (LDAPException e) {
                return null;
            }
        }

        private static String normalized(String dn) {
            try {
                return new DN(dn).toNormalizedString();
            } catch (LDAPException e) {
                return dn.toLowerCase(Locale.ROOT);
            }
        }

        /** Swaps {@code member;range=...} for {@code member}, so the server returns all values, and remembers the ranges. */
        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
            ReadOnlySearchRequest search = request.getRequest();
            List<String> attributes = new ArrayList<>();
            List<Range> ranges = new ArrayList<>();
            for (String attribute : search.getAttributeList()) {
                Set<String> rangeOptions = Attribute.getBaseName(attribute).equalsIgnoreCase(MEMBER)
                        ? rangeOptions(attribute) : Set.of();
                if (rangeOptions.isEmpty()) {
                    attributes.add(attribute);
                } else {
                    ranges.add(parseRange(attribute, rangeOptions));
                }
            }
            if (ranges.isEmpty()) {
                return;
            }
            attributes.add(MEMBER);
            SearchRequest rewritten = search.duplicate();
            rewritten.setAttributes(attributes);
            request.setRequest(rewritten);
            request.setProperty(RANGES, List.copyOf(ranges));
        }

        @Override
        public void processSearchEntry(InMemoryInterceptedSearchEntry result) {
            Entry entry = result.getSearchEntry();
            @SuppressWarnings("unchecked")
            List<Range> requested = (List<Range>) result.getProperty(RANGES);
            Attribute member = entry.getAttribute(MEMBER);
            boolean slice = member != null && (requested != null || member.size() > options.maxValRange());
            if (!slice && !entry.hasAttribute(UNICODE_PWD)) {
                return;
            }
            Entry rewritten = entry.duplicate();
            rewritten.removeAttribute(UNICODE_PWD);
            if (slice) {
                rewritten.removeAttribute(MEMBER);
                String[] values = member.getValues();
                for (Range range : requested == null ? List.of(new Range(0, -1)) : requested) {
                    if (range.low() < values.length) {
                        int last = Math.min(values.length - 1, range.low() + options.maxValRange() - 1);
                        if (range.high() >= 0) {
                            last = Math.min(last, range.high());
                        }
                        String name = MEMBER + ";range=" + range.low() + "-" + (last == values.length - 1 ? "*" : last);
                        rewritten.addAttribute(new Attribute(name, Arrays.copyOfRange(values, range.low(), last + 1)));
                    }
                }
            }
            result.setSearchEntry(rewritten);
        }

        private static Set<String> rangeOptions(String attribute) {
            return Attribute.getOptions(attribute).stream()
                    .filter(o -> o.regionMatches(true, 0, "range=", 0, 6)).collect(Collectors.toSet());
        }

        private static Range parseRange(String attribute, Set<String> rangeOptions) throws LDAPException {
            Matcher m = rangeOptions.size() == 1 ? RANGE.matcher(rangeOptions.iterator().next()) : null;
            if (m == null || !m.matches()) {
                throw new LDAPException(ResultCode.PROTOCOL_ERROR, "malformed range option in " + attribute);
            }
            try {
                int low = Integer.parseInt(m.group(1));
                int high = m.group(2).equals("*") ? -1 : Integer.parseInt(m.group(2));
                if (high >= 0 && high < low) {
                    throw new LDAPException(ResultCode.PROTOCOL_ERROR, "range ends before it starts in " + attribute);
                }
                return new Range(low, high);
            } catch (NumberFormatException tooLarge) {
                throw new LDAPException(ResultCode.PROTOCOL_ERROR, "range bound out of bounds in " + attribute);
            }
        }

        private static void refuseMemberOf(List<String> attributeNames) throws LDAPException {
            for (String name : attributeNames) {
                if (Attribute.getBaseName(name).equalsIgnoreCase(MEMBER_OF)) {
                    throw new LDAPException(ResultCode.UNWILLING_TO_PERFORM,
                            "memberOf is maintained by the directory; change the group's member attribute instead");
                }
            }
        }

        private static String now() {
            return AD_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        }
    }
}
