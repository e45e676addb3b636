-- SPDX-License-Identifier: Apache-2.0
-- Livepipe schema, version 2: retention policies, the stream's policy, recordings.
-- Same rules as V1: plain PostgreSQL that jOOQ's DDLDatabase can replay on H2; indexed
-- columns are VARCHAR. Statements H2 cannot run sit between "[jooq ignore start]" and
-- "[jooq ignore stop]" comments: PostgreSQL runs them, code generation skips them.

-- How long recordings are kept after they end. Exactly one policy is the default: the
-- partial unique index allows at most one, and the application keeps at least one
-- (the default cannot be deleted; setDefault moves the flag in one transaction).
CREATE TABLE retention_policies (
  id                 BIGSERIAL                NOT NULL,
  name               VARCHAR(100)             NOT NULL,
  retention_seconds  BIGINT                   NOT NULL,
  description        VARCHAR(1000)            NOT NULL DEFAULT '',
  is_default         BOOLEAN                  NOT NULL DEFAULT FALSE,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT retention_policies_pk PRIMARY KEY (id),
  CONSTRAINT retention_policies_name_uk UNIQUE (name),
  CONSTRAINT retention_policies_name_length CHECK (char_length(name) >= 1),
  CONSTRAINT retention_policies_seconds_check CHECK (retention_seconds >= 1 AND retention_seconds <= 3153600000)
);

-- [jooq ignore start]
CREATE UNIQUE INDEX retention_policies_one_default_uk ON retention_policies (is_default) WHERE is_default;
-- [jooq ignore stop]

INSERT INTO retention_policies (name, retention_seconds, description, is_default, created_at, updated_at)
VALUES ('Default', 2592000, 'Keep recordings for 30 days after they end.', TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- NULL means "the default policy", so changing the default moves every such stream.
-- A policy in use cannot be deleted (no ON DELETE action: the key restricts).
ALTER TABLE streams ADD COLUMN retention_policy_id BIGINT;
ALTER TABLE streams ADD CONSTRAINT streams_retention_policy_fk
  FOREIGN KEY (retention_policy_id) REFERENCES retention_policies (id);
CREATE INDEX streams_retention_policy_idx ON streams (retention_policy_id);

-- The stored media of one broadcast. Rows outlive their stream and broadcast (the keys
-- become NULL) so that retention, not stream deletion, decides when media goes; a
-- deleted recording keeps its row (status 'deleted', deleted_at) as a tombstone.
-- expires_at is NULL while recording; expires_at_override marks a manually set expiry
-- that policy changes leave alone.
CREATE TABLE recordings (
  id                   UUID                     NOT NULL,
  stream_id            VARCHAR(32),
  broadcast_id         UUID,
  object_key           VARCHAR(1024)            NOT NULL,
  status               VARCHAR(16)              NOT NULL,
  bytes                BIGINT                   NOT NULL DEFAULT 0,
  duration_millis      BIGINT                   NOT NULL DEFAULT 0,
  codecs               VARCHAR(255),
  started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at             TIMESTAMP WITH TIME ZONE,
  expires_at           TIMESTAMP WITH TIME ZONE,
  expires_at_override  BOOLEAN                  NOT NULL DEFAULT FALSE,
  legal_hold           BOOLEAN                  NOT NULL DEFAULT FALSE,
  deleted_at           TIMESTAMP WITH TIME ZONE,
  upload_id            VARCHAR(1024),
  spool_path           VARCHAR(4096),
  updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT recordings_pk PRIMARY KEY (id),
  CONSTRAINT recordings_stream_fk FOREIGN KEY (stream_id) REFERENCES streams (id) ON DELETE SET NULL,
  CONSTRAINT recordings_broadcast_fk FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE SET NULL,
  CONSTRAINT recordings_status_check
    CHECK (status IN ('recording', 'complete', 'interrupted', 'failed', 'deleted')),
  CONSTRAINT recordings_ended_check CHECK ((status = 'recording') = (ended_at IS NULL)),
  CONSTRAINT recordings_deleted_check CHECK ((status = 'deleted') = (deleted_at IS NOT NULL)),
  CONSTRAINT recordings_bytes_check CHECK (bytes >= 0),
  CONSTRAINT recordings_duration_check CHECK (duration_millis >= 0),
  CONSTRAINT recordings_object_key_length CHECK (char_length(object_key) >= 1)
);

CREATE INDEX recordings_status_expires_idx ON recordings (status, expires_at);
CREATE INDEX recordings_stream_started_idx ON recordings (stream_id, started_at);
CREATE INDEX recordings_broadcast_idx ON recordings (broadcast_id);

-- The history of one object (e.g. when the sweeper deleted a recording).
CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id);
