/**
 * The in-memory store provider, for embedders who hand it to the server directly; the server
 * otherwise finds it with {@link java.util.ServiceLoader} under the name {@code memory}.
 */
package dev.herald.store.memory;
