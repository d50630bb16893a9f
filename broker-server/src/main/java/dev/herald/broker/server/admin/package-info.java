/**
 * A running broker as its operators see it ({@link dev.herald.broker.server.admin.BrokerAdmin}):
 * what the HTTP listener serves as JSON.
 */
package dev.herald.broker.server.admin;
