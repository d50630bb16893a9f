package dev.herald.broker.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "subscriber-1", "publisher_1", "node.eu:7", "A-Z.a_z:0-9", "0", ":", "-", "."})
    void acceptsClientIdsMadeOfLettersDigitsAndUnderscoreDotColonHyphen(String id) {
        assertTrue(Names.isValidClientId(id), id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Subscriber 1", " a", "a ", "a/b", "a\\b", "a\tb", "a\nb", "a@b", "a#b", "a+b",
            "caf\u00e9", "\u0430dmin", "\uff41", "a\u0000b", "a*b"})
    void rejectsClientIdsWithSpacesOrOtherCharacters(String id) {
        assertFalse(Names.isValidClientId(id), id);
    }

    @Test
    void acceptsClientIdOf64CharactersButNot65() {
        assertTrue(Names.isValidClientId("x".repeat(64)));
        assertFalse(Names.isValidClientId("x".repeat(65)));
        assertTrue(Names.isValidClientId("x".repeat(Names.MAX_CLIENT_ID_LENGTH)));
    }

    @Test
    void rejectsNullClientId() {
        assertFalse(Names.isValidClientId(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NEWS", "WEATHER", "a", "news/eu/fr", "sensors.temp-1", "x_y", "0", "/", "a//b"})
    void acceptsTopicsMadeOfLettersDigitsAndUnderscoreDotSlashHyphen(String topic) {
        assertTrue(Names.isValidTopic(topic), topic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NEWS FLASH", " NEWS", "NEWS ", "a:b", "a\\b", "a#b", "a+b", "a*b", "*",
            "m\u00e9t\u00e9o", "N\u0415WS", "a\tb"})
    void rejectsTopicsWithSpacesColonsOrOtherCharacters(String topic) {
        assertFalse(Names.isValidTopic(topic), topic);
    }

    @Test
    void acceptsTopicOf128CharactersButNot129() {
        assertTrue(Names.isValidTopic("t".repeat(128)));
        assertFalse(Names.isValidTopic("t".repeat(129)));
        assertTrue(Names.isValidTopic("t".repeat(Names.MAX_TOPIC_LENGTH)));
    }

    @Test
    void rejectsNullTopic() {
        assertFalse(Names.isValidTopic(null));
    }
}
