/**
 * The JDBC store of Herald. Every write goes through one committer thread that groups
 * concurrent writes into one transaction (group commit); reads use the pool directly.
 */
package dev.herald.store.jdbc;
