package org.scimbridge.mapping.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Optional;

import com.unboundid.util.StaticUtils;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GeneralizedTimeTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "20261130034042Z, 2026-11-30T03:40:42Z",                      // 389-DS, Active Directory
            "20261130034050.634Z, 2026-11-30T03:40:50.634Z",              // ApacheDS, UnboundID
            "20261130034042.637962Z, 2026-11-30T03:40:42.637Z",           // OpenLDAP: microseconds, kept to the millisecond
            "20240229235959.9Z, 2024-02-29T23:59:59.900Z",
            "20261130034042+0100, 2026-11-30T02:40:42Z",                  // an offset: the SDK's path
            "2026113003Z, 2026-11-30T03:00:00Z",                          // hours only: the SDK's path
    })
    void readsEveryFormTheRfcAllows(String value, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), GeneralizedTime.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20261130034042Z", "20261130034050.634Z", "20261130034042.637962Z", "19700101000000.000001Z",
            "20261231235959.999999999Z"})
    void agreesWithTheSdkDecoderOnTheUtcForm(String value) throws Exception {
        assertEquals(Optional.of(StaticUtils.decodeGeneralizedTime(value).toInstant()), GeneralizedTime.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "20261330034042Z", "2026113003404Z", "2026-11-30T03:40:42Z"})
    void rejectsWhatIsNotAGeneralizedTime(String value) {
        assertEquals(Optional.empty(), GeneralizedTime.parse(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20261130034042Z", "20261130034050.634Z", "20261130034042.637962Z", "20240229235959.9Z",
            "20261130034042.0Z", "20261130034042.000001Z", "00010101000000Z", "99991231235959.999Z", "20261130034042+0100",
            "2026113003Z", "19700101000000Z", "00000101000000Z", "20240229120000Z", "21000229000000Z", "20230229000000Z",
            "20261130236000Z", "20261130034060Z", "20261130034042.1234Z", "20261130034042.0011Z", "20261131000000Z"})
    void writesTimestampsExactlyAsInstantToString(String value) {
        assertEquals(GeneralizedTime.parse(value).map(Instant::toString), GeneralizedTime.iso(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "20261330034042Z"})
    void writesNothingForWhatIsNotAGeneralizedTime(String value) {
        assertEquals(Optional.empty(), GeneralizedTime.iso(value));
    }
}
