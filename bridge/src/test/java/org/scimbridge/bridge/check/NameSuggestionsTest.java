package org.scimbridge.bridge.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameSuggestionsTest {

    private static final List<String> NAMES = List.of("title", "telephoneNumber", "mail", "sn", "cn", "c", "l",
            "inetOrgPerson", "givenName", "uid");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "none", value = {
            "titel, title",
            "telephonenumber, none",          // the same name in other case is found by the schema, not suggested
            "telephonNumber, telephoneNumber",
            "TelephoneNumbr, telephoneNumber",
            "mial, mail",
            "inetOrgPersn, inetOrgPerson",
            "givnname, givenName",
            "xy, none",                        // two edits would replace the whole name
            "employeeNumber, none",
            "uidd, uid"})
    void suggestsOnlyCloseNames(String name, String expected) {
        assertEquals(Optional.ofNullable(expected), NameSuggestions.closest(name, NAMES));
    }

    @ParameterizedTest(name = "{0} / {1} = {2}")
    @CsvSource({"kitten, sitting, 3", "title, titel, 2", "'', abc, 3", "same, same, 0", "flaw, lawn, 2"})
    void distanceIsLevenshtein(String a, String b, int distance) {
        assertEquals(distance, NameSuggestions.distance(a, b));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"titel, '; did you mean ''title''?'", "zzzzzz, ''"})
    void didYouMeanAppendsToAMessage(String name, String expected) {
        assertEquals(expected, NameSuggestions.didYouMean(name, NAMES));
    }
}
