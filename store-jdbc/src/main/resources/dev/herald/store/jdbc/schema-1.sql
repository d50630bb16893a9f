-- Herald JDBC store, schema version 1: sessions, subscriptions, retained history, offline queues.
-- Plain SQL that H2 2.x and PostgreSQL both run. Times are epoch milliseconds.

-- One row per stored session; offline_since is NULL while the session is online.
CREATE TABLE sessions (
    client_id     VARCHAR(64) NOT NULL PRIMARY KEY,
    offline_since BIGINT
);
-- expired(): offline sessions by age.
CREATE INDEX sessions_offline_since ON sessions (offline_since);

CREATE TABLE subscriptions (
    client_id VARCHAR(64)  NOT NULL REFERENCES sessions (client_id) ON DELETE CASCADE,
    topic     VARCHAR(128) NOT NULL,
    PRIMARY KEY (client_id, topic)
);

-- Each topic's retained history, trimmed to the newest retainedMax messages per topic.
-- payload holds the text; a payload containing U+0000 is in payload_utf8 instead (payload NULL).
CREATE TABLE retained_messages (
    id           BIGINT       NOT NULL PRIMARY KEY,
    topic        VARCHAR(128) NOT NULL,
    published_at BIGINT       NOT NULL,
    payload      VARCHAR,
    payload_utf8 BYTEA
);
-- history(topic) and trimming: a topic's messages in id order.
CREATE INDEX retained_messages_topic_id ON retained_messages (topic, id);

-- Messages waiting for offline sessions; each row carries its message, since the message may
-- have left the retained history already.
CREATE TABLE offline_queue (
    client_id    VARCHAR(64)  NOT NULL,
    message_id   BIGINT       NOT NULL,
    topic        VARCHAR(128) NOT NULL,
    published_at BIGINT       NOT NULL,
    payload      VARCHAR,
    payload_utf8 BYTEA,
    PRIMARY KEY (client_id, message_id)
);
-- purgeExpired(): queued messages by age, across sessions.
CREATE INDEX offline_queue_published_at ON offline_queue (published_at);

-- The last message id handed out, so ids keep increasing across restarts even when no message
-- is left in the tables.
CREATE TABLE message_ids (
    last_id BIGINT NOT NULL
);
INSERT INTO message_ids (last_id) VALUES (0);
