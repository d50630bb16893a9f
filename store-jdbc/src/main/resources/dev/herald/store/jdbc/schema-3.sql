-- Herald JDBC store, schema version 3: the QoS of each message and subscription, and each topic's retained message (MQTT).
-- Rows stored before it are QoS 1, the line protocol's.
ALTER TABLE retained_messages ADD COLUMN qos SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE offline_queue ADD COLUMN qos SMALLINT DEFAULT 1 NOT NULL;
ALTER TABLE subscriptions ADD COLUMN qos SMALLINT DEFAULT 1 NOT NULL;

-- Each topic's retained message: a copy of the last message published to it with the retain
-- flag, kept apart from the history so that trimming the history never removes it. A retained
-- publication with an empty payload deletes the topic's row. The payload columns are those of
-- retained_messages.
CREATE TABLE mqtt_retained (
    topic        VARCHAR(128) NOT NULL PRIMARY KEY,
    id           BIGINT       NOT NULL,
    published_at BIGINT       NOT NULL,
    qos          SMALLINT     NOT NULL,
    payload      VARCHAR,
    payload_utf8 BYTEA
);
