-- SPDX-License-Identifier: Apache-2.0
-- Livepipe schema, version 4: viewer analytics per broadcast (see docs/analytics.md).
-- Same rules as V1/V2: plain PostgreSQL that jOOQ's DDLDatabase can replay on H2; indexed
-- and key columns are VARCHAR or UUID, never TEXT. Depends on V1's broadcasts only.
-- Rows belong to their broadcast: deleting the broadcast (or its stream) deletes them.

-- One row per broadcast and UTC minute (the minute's start). viewers is the number of
-- current HLS viewer sessions when the minute closed, peak_viewers the highest during it;
-- sockets the WebSocket connections to the stream when it closed; chat_messages,
-- reactions and watch_seconds what happened during that minute. The last minute of a
-- live broadcast is rewritten (upsert) until it closes.
CREATE TABLE analytics_minutes (
  broadcast_id   UUID                     NOT NULL,
  minute         TIMESTAMP WITH TIME ZONE NOT NULL,
  viewers        INTEGER                  NOT NULL,
  peak_viewers   INTEGER                  NOT NULL,
  sockets        INTEGER                  NOT NULL,
  chat_messages  BIGINT                   NOT NULL,
  reactions      BIGINT                   NOT NULL,
  watch_seconds  DOUBLE PRECISION         NOT NULL,
  CONSTRAINT analytics_minutes_pk PRIMARY KEY (broadcast_id, minute),
  CONSTRAINT analytics_minutes_broadcast_fk FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE CASCADE,
  CONSTRAINT analytics_minutes_counts_check CHECK (viewers >= 0 AND peak_viewers >= viewers AND sockets >= 0
    AND chat_messages >= 0 AND reactions >= 0 AND watch_seconds >= 0)
);

-- The totals of one broadcast, rewritten every minute while it is live and once more when
-- its last viewer session has expired after it ended (ended_at set).
CREATE TABLE analytics_broadcasts (
  broadcast_id    UUID                     NOT NULL,
  stream_id       VARCHAR(32)              NOT NULL,
  started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at        TIMESTAMP WITH TIME ZONE,
  peak_viewers    INTEGER                  NOT NULL,
  unique_viewers  BIGINT                   NOT NULL,
  watch_seconds   DOUBLE PRECISION         NOT NULL,
  chat_messages   BIGINT                   NOT NULL,
  reactions       BIGINT                   NOT NULL,
  peak_sockets    INTEGER                  NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT analytics_broadcasts_pk PRIMARY KEY (broadcast_id),
  CONSTRAINT analytics_broadcasts_broadcast_fk FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE CASCADE,
  CONSTRAINT analytics_broadcasts_counts_check CHECK (peak_viewers >= 0 AND unique_viewers >= 0
    AND watch_seconds >= 0 AND chat_messages >= 0 AND reactions >= 0 AND peak_sockets >= 0)
);

CREATE INDEX analytics_broadcasts_stream_started_idx ON analytics_broadcasts (stream_id, started_at);
