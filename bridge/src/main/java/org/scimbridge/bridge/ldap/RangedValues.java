package org.scimbridge.bridge.ldap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;

/**
 * Reads every value of an attribute that Active Directory may hand out in slices (range retrieval).
 *
 * <p>AD returns at most MaxValRange values (1500 since Windows Server 2003) of a multi-valued attribute per search.
 * Beyond that a read of {@code member} comes back as {@code member;range=0-1499} and no {@code member} at all; the
 * client asks for {@code member;range=1500-*} and so on until the server names a slice {@code low-*}, the last one
 * (<a href="https://learn.microsoft.com/en-us/windows/win32/adsi/attribute-range-retrieval">Attribute Range
 * Retrieval</a>, [MS-ADTS] 3.1.1.3.1.3.3). Code that looks only for the plain attribute sees an empty group: a
 * read-modify-write built on that read wiped a whole AD group
 * (<a href="https://github.com/dsbenghe/Novell.Directory.Ldap.NETStandard/issues/82">Novell.Directory.Ldap.NETStandard#82</a>,
 * see IDP-QUIRKS, "Directory-side quirks"). This class is for showing values; membership is still written with
 * value-level adds and deletes, never by writing back a list read here.
 *
 * <p>The slices come from separate searches, so they are not a snapshot: a change between two of them can shift the
 * values. Slices that do not line up (a gap, a slice shorter than its name says, a missing next slice) make
 * {@link #readAll} fail rather than return a list that looks complete but is not.
 */
public final class RangedValues {

    /** The range option as AD writes it ({@code range=0-1499}, {@code range=1500-*}); AD docs also show {@code Range=}. */
    private static final Pattern RANGE = Pattern.compile("range=(\\d+)-(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

    /** One slice as the server named it; {@code high} is -1 for {@code *} (the slice holds the last value). */
    private record Slice(Attribute attribute, int low, int high) {
        boolean isLast() {
            return high < 0;
        }
    }

    private RangedValues() {
    }

    /**
     * All values of {@code attribute} of the entry {@code dn}, in the order the directory returns them: the plain
     * attribute as it is when the directory returns it, otherwise the slices read one after another; empty when the
     * entry has no such attribute.
     *
     * @param attribute an attribute name without options, e.g. {@code member}
     * @throws LDAPException {@code noSuchObject} when the entry does not exist; {@code localError} when the slices do
     *                       not line up (the values changed while being read); or the directory's own error
     */
    public static List<String> readAll(LDAPInterface ldap, String dn, String attribute) throws LDAPException {
        requireBaseName(attribute);
        Entry entry = read(ldap, dn, attribute);
        Optional<Attribute> plain = entry.getAttributes().stream()
                .filter(a -> a.getBaseName().equalsIgnoreCase(attribute) && !a.hasOptions()).findFirst();
        if (plain.isPresent()) {
            return List.of(plain.get().getValues());
        }
        Optional<Slice> first = slices(entry, attribute).findFirst();
        if (first.isEmpty()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        Slice slice = first.get();
        while (true) {
            String[] sliceValues = slice.attribute().getValues();
            // Slices are contiguous from 0, so each must start where the values so far end.
            if (slice.low() != values.size()
                    || !slice.isLast() && (slice.high() < slice.low() || sliceValues.length != slice.high() - slice.low() + 1)) {
                throw inconsistent(dn, slice.attribute().getName() + " with " + sliceValues.length
                        + " values where the slice from " + values.size() + " was expected");
            }
            values.addAll(Arrays.asList(sliceValues));
            if (slice.isLast()) {
                return Collections.unmodifiableList(values);
            }
            int low = values.size();
            Optional<Slice> next = slices(read(ldap, dn, attribute + ";range=" + low + "-*"), attribute)
                    .filter(s -> s.low() == low).findFirst();
            if (next.isEmpty()) {
                throw inconsistent(dn, "no " + attribute + " slice from " + low + " after " + values.size() + " values");
            }
            slice = next.get();
        }
    }

    /** Whether the entry holds a slice of {@code attribute} ({@code attribute;range=low-high}) rather than all of it. */
    public static boolean isRanged(Entry entry, String attribute) {
        return firstSlice(entry, attribute).isPresent();
    }

    /** The slice of {@code attribute} with the lowest start in the entry, e.g. {@code member;range=0-1499}. */
    public static Optional<Attribute> firstSlice(Entry entry, String attribute) {
        requireBaseName(attribute);
        return slices(entry, attribute).findFirst().map(Slice::attribute);
    }

    /** The entry's slices of {@code attribute}, lowest start first. */
    private static Stream<Slice> slices(Entry entry, String attribute) {
        return entry.getAttributes().stream()
                .filter(a -> a.getBaseName().equalsIgnoreCase(attribute))
                .flatMap(a -> a.getOptions().stream().map(option -> slice(a, option)).flatMap(Optional::stream).limit(1))
                .sorted(Comparator.comparingInt(Slice::low));
    }

    private static Optional<Slice> slice(Attribute attribute, String option) {
        Matcher m = RANGE.matcher(option);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Slice(attribute, Integer.parseInt(m.group(1)),
                    m.group(2).equals("*") ? -1 : Integer.parseInt(m.group(2))));
        } catch (NumberFormatException beyondInt) {
            return Optional.empty();
        }
    }

    private static SearchResultEntry read(LDAPInterface ldap, String dn, String requested) throws LDAPException {
        SearchResultEntry entry = ldap.getEntry(dn, requested);
        if (entry == null) {
            throw new LDAPException(ResultCode.NO_SUCH_OBJECT, "no entry " + dn);
        }
        return entry;
    }

    private static LDAPException inconsistent(String dn, String what) {
        return new LDAPException(ResultCode.LOCAL_ERROR, "the values of " + dn + " changed while being read in ranges ("
                + what + "); read them again");
    }

    private static void requireBaseName(String attribute) {
        if (attribute.isEmpty() || attribute.indexOf(';') >= 0) {
            throw new IllegalArgumentException("an attribute name without options is needed, not '" + attribute + "'");
        }
    }
}
