package dev.herald.broker.api.spi;

/**
 * A service provider chosen by name in configuration.
 */
public interface NamedProvider {

    /** The name that selects this provider in configuration: lower case, no spaces. */
    String name();
}
