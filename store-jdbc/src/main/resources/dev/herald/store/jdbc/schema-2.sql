-- Herald JDBC store, schema version 2: the user who created each session (NULL: none did),
-- so that a client id stays its user's across restarts.
ALTER TABLE sessions ADD COLUMN owner VARCHAR(255);
