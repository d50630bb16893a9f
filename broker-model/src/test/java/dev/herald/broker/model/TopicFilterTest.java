package dev.herald.broker.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicFilterTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
            "NEWS, NEWS, true",
            "NEWS, news, false",
            "NEWS, NEWS/x, false",
            "sensors/+/temp, sensors/kitchen/temp, true",
            "sensors/+/temp, sensors/temp, false",
            "sensors/+/temp, sensors/a/b/temp, false",
            "sensors/+/temp, sensors/kitchen/humidity, false",
            "sensors/+, sensors/, true",
            "sensors/+, sensors, false",
            "+, NEWS, true",
            "+, a/b, false",
            "+/+, a/b, true",
            "sensors/#, sensors, true",
            "sensors/#, sensors/a, true",
            "sensors/#, sensors/a/b/c, true",
            "sensors/#, sensorsX, false",
            "sensors/#, other/a, false",
            "#, NEWS, true",
            "#, a/b/c, true",
            "+/b/#, a/b, true",
            "+/b/#, a/c, false",
            "a/b, a/b/, false",
            // the server's $ topics are left out of filters that start with a wildcard
            "#, $SYS/broker/uptime, false",
            "+/broker/uptime, $SYS/broker/uptime, false",
            "$SYS/#, $SYS/broker/uptime, true",
            "$SYS/+/uptime, $SYS/broker/uptime, true",
            "a/#, a/$x, true",
            // a shared subscription matches what its filter after the share name matches
            "$share/g/NEWS, NEWS, true",
            "$share/g/NEWS, $share/g/NEWS, false",
            "$share/g/sensors/+, sensors/a, true",
            "$share/g/sensors/+, sensors/a/b, false",
            "$share/g/#, $SYS/broker/uptime, false",
            "$share/g/$SYS/#, $SYS/broker/uptime, true",
    })
    void matchesLevelByLevel(String filter, String topic, boolean matches) {
        assertEquals(matches, TopicFilter.parse(filter).matches(topic));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+", "a/b+/c", "#/a", "a/#/b", "a#", "sensors/##", "a b", "", "a$", "$", "caf\u00e9",
            "$share", "$share/", "$share//x", "$share/g", "$share/g/", "$share/+/x", "$share/#/x", "$share/g+/x",
            "$share/g#/x", "$share/g/a+", "$share/g/#/a", "$share/g/$share/h/x", "$share/g h/x"})
    void refusesMalformedFiltersSayingWhy(String filter) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse(filter));
        assertTrue(e.getMessage().startsWith("invalid topic filter '" + filter + "': "), e.getMessage());
    }

    @Test
    void saysWhereAWildcardMayStand() {
        assertTrue(TopicFilter.parse("a/+/b").isWildcard());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/#/b"))
                .getMessage().contains("# must be the last level"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/b+"))
                .getMessage().contains("a whole level"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "$share/g/"})
    void refusesFiltersLongerThanATopicSharedOnesIncluded(String prefix) {
        String longest = prefix + "a".repeat(Names.MAX_TOPIC_LENGTH - prefix.length());
        assertEquals(Names.MAX_TOPIC_LENGTH, TopicFilter.parse(longest).text().length());
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse(longest + "a"));
    }

    @Test
    void aFilterWithoutWildcardsIsItsOwnTopic() {
        TopicFilter f = TopicFilter.parse("WEATHER");
        assertFalse(f.isWildcard());
        assertEquals("WEATHER", f.text());
        assertEquals("WEATHER", f.toString());
        assertFalse(f.matches(null));
        assertFalse(f.matches(""));
    }

    @Test
    void equalsByText() {
        assertEquals(TopicFilter.parse("a/+"), TopicFilter.parse("a/+"));
        assertEquals(TopicFilter.parse("a/+").hashCode(), TopicFilter.parse("a/+").hashCode());
        assertNotEquals(TopicFilter.parse("a/+"), TopicFilter.parse("a/#"));
    }

    @ParameterizedTest
    @CsvSource({
            "#, sensors/+/temp, true",
            "sensors/#, sensors/+/temp, true",
            "sensors/#, sensors, true",
            "sensors/+, sensors/#, false",
            "sensors/+/temp, sensors/a/temp, true",
            "sensors/a/temp, sensors/+/temp, false",
            "+/temp, #, false",
            "#, $SYS/#, false",
            "+/broker, $SYS/broker, false",
            "$SYS/#, $SYS/broker/uptime, true",
            "NEWS, NEWS, true",
            "NEWS, WEATHER, false",
            "a/+, a/b/c, false",
    })
    void coversEveryTopicOfAnotherFilterOrNot(String filter, String other, boolean covers) {
        assertEquals(covers, TopicFilter.parse(filter).covers(TopicFilter.parse(other)), filter + " covers " + other);
    }

    @ParameterizedTest
    @CsvSource({
            "admin/#, #, true",
            "admin/#, +/x, true",
            "admin/#, admin, true",
            "admin/#, sensors/#, false",
            "a/+/c, a/b/+, true",
            "a/+/c, a/b/d, false",
            "#, $SYS/#, false",
            "$SYS/#, $SYS/broker, true",
            "a/b, a/b/c, false",
            "a, a/#, true",
    })
    void overlapsWhenSomeTopicMatchesBoth(String filter, String other, boolean overlaps) {
        assertEquals(overlaps, TopicFilter.parse(filter).overlaps(TopicFilter.parse(other)), filter + " and " + other);
        assertEquals(overlaps, TopicFilter.parse(other).overlaps(TopicFilter.parse(filter)), other + " and " + filter);
    }

    @Test
    void aSharedSubscriptionHasItsShareNameAndIsAnotherSubscriptionThanItsFilter() {
        TopicFilter shared = TopicFilter.parse("$share/workers/jobs/+");
        assertTrue(shared.isShared());
        assertTrue(shared.isWildcard());
        assertEquals("workers", shared.shareName());
        assertEquals("$share/workers/jobs/+", shared.text());
        assertEquals(TopicFilter.parse("jobs/+"), shared.unshared());
        assertFalse(shared.unshared().isShared());
        assertNotEquals(TopicFilter.parse("jobs/+"), shared);
        assertNotEquals(TopicFilter.parse("$share/other/jobs/+"), shared);
        TopicFilter plain = TopicFilter.parse("jobs/+");
        assertFalse(plain.isShared());
        assertNull(plain.shareName());
        assertEquals(plain, plain.unshared());
        assertTrue(TopicFilter.parse("jobs/#").covers(shared));
        assertFalse(TopicFilter.parse("$share/g/x").isWildcard());
    }
}
