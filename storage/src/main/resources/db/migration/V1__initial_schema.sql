-- SPDX-License-Identifier: Apache-2.0
-- Livepipe schema, version 1: streams, broadcasts, settings, audit events.
-- Plain PostgreSQL DDL; jOOQ's DDLDatabase parses this file at build time to generate
-- dev.livepipe.storage.jooq (it replays it on an in-memory H2), so keep to syntax both
-- understand. Indexed or key columns are VARCHAR, not TEXT: H2 turns TEXT into a CLOB,
-- which it cannot index. In PostgreSQL VARCHAR(n) and TEXT behave the same apart from
-- the length check.

-- A stream is the persistent thing a broadcaster owns. The stream key is stored only as
-- the SHA-256 hex of the plaintext key (32 random bytes, base64url).
CREATE TABLE streams (
  id               VARCHAR(32)              NOT NULL,
  title            VARCHAR(200)             NOT NULL,
  stream_key_hash  VARCHAR(64)              NOT NULL,
  key_rotated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT streams_pk PRIMARY KEY (id),
  CONSTRAINT streams_stream_key_hash_uk UNIQUE (stream_key_hash),
  CONSTRAINT streams_id_length CHECK (char_length(id) >= 1),
  CONSTRAINT streams_title_length CHECK (char_length(title) >= 1),
  CONSTRAINT streams_key_hash_length CHECK (char_length(stream_key_hash) = 64)
);

-- A broadcast is one go-live of a stream; reconnects inside the grace window continue it.
CREATE TABLE broadcasts (
  id                  UUID                     NOT NULL,
  stream_id           VARCHAR(32)              NOT NULL,
  started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at            TIMESTAMP WITH TIME ZONE,
  status              VARCHAR(16)              NOT NULL,
  reconnects          INTEGER                  NOT NULL DEFAULT 0,
  publisher_protocol  VARCHAR(32),
  publisher_address   VARCHAR(255),
  publisher_software  VARCHAR(255),
  last_ingest_stats   JSONB,
  CONSTRAINT broadcasts_pk PRIMARY KEY (id),
  CONSTRAINT broadcasts_stream_fk FOREIGN KEY (stream_id) REFERENCES streams (id) ON DELETE CASCADE,
  CONSTRAINT broadcasts_status_check CHECK (status IN ('live', 'reconnecting', 'ended')),
  CONSTRAINT broadcasts_reconnects_check CHECK (reconnects >= 0)
);

CREATE INDEX broadcasts_stream_started_idx ON broadcasts (stream_id, started_at);
CREATE INDEX broadcasts_status_idx ON broadcasts (status);

-- Small instance-wide key/value settings, e.g. the admin token hash.
CREATE TABLE settings (
  key    VARCHAR(200) NOT NULL,
  value  TEXT NOT NULL,
  CONSTRAINT settings_pk PRIMARY KEY (key)
);

-- Append-only record of administrative actions and automatic deletions.
CREATE TABLE audit_events (
  id           BIGSERIAL                NOT NULL,
  at           TIMESTAMP WITH TIME ZONE NOT NULL,
  actor        VARCHAR(200)             NOT NULL,
  action       VARCHAR(100)             NOT NULL,
  target_type  VARCHAR(100),
  target_id    VARCHAR(200),
  detail       JSONB,
  CONSTRAINT audit_events_pk PRIMARY KEY (id)
);

CREATE INDEX audit_events_at_idx ON audit_events (at);
