-- Herald JDBC store, schema version 4: each message's properties (opaque bytes, such as MQTT 5's PUBLISH properties) and expiry time.
-- Every table that holds messages gets both. properties is NULL for a message without any;
-- expires_at is the epoch millisecond at which the message expires, NULL for one that never
-- does. Rows stored before this version have neither.
ALTER TABLE retained_messages ADD COLUMN properties BYTEA;
ALTER TABLE retained_messages ADD COLUMN expires_at BIGINT;
ALTER TABLE offline_queue ADD COLUMN properties BYTEA;
ALTER TABLE offline_queue ADD COLUMN expires_at BIGINT;
ALTER TABLE mqtt_retained ADD COLUMN properties BYTEA;
ALTER TABLE mqtt_retained ADD COLUMN expires_at BIGINT;
