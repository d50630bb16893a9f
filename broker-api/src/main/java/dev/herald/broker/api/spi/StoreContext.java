package dev.herald.broker.api.spi;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the server tells a store when it opens it.
 *
 * @param clock       the server's clock (tests move it)
 * @param retainedMax retained history per topic, in messages
 * @param offlineMax  offline queue per session, in messages
 * @param settings    looks up a store-specific setting by its name without the
 *                    {@code broker.} prefix (for example {@code jdbc.url}); returns
 *                    {@code null} when it is not set
 * @param listener    what the store tells the server about its work (commit times)
 */
public record StoreContext(Clock clock, int retainedMax, int offlineMax, Function<String, String> settings,
                           StoreListener listener) {

    public StoreContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        if (retainedMax < 0) {
            throw new IllegalArgumentException("retainedMax must not be negative: " + retainedMax);
        }
        if (offlineMax < 0) {
            throw new IllegalArgumentException("offlineMax must not be negative: " + offlineMax);
        }
    }

    /** A context whose listener ignores everything. */
    public StoreContext(Clock clock, int retainedMax, int offlineMax, Function<String, String> settings) {
        this(clock, retainedMax, offlineMax, settings, StoreListener.NONE);
    }

    /** A store-specific setting, such as {@code jdbc.url} for {@code broker.jdbc.url}. */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.apply(name));
    }
}
