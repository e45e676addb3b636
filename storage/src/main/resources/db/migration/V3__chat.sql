-- SPDX-License-Identifier: Apache-2.0
-- Livepipe schema, version 3: chat messages, reaction tallies, chat bans.
-- Same rules as V1 and V2: plain PostgreSQL that jOOQ's DDLDatabase can replay on H2;
-- indexed columns are VARCHAR; what H2 cannot run sits between "[jooq ignore start]" and
-- "[jooq ignore stop]".
--
-- Every row names its stream and the broadcast that was current (NULL while the stream
-- was offline), so a recording can be replayed with its chat. Like recordings, rows
-- outlive their stream and broadcast: the keys become NULL when those are deleted.

-- One chat message. The id (bigserial) is the protocol's message id: it increases per
-- stream across nodes. Deletion is soft (deleted_at, deleted_by) so replay and moderation
-- history keep the row; at most one message per stream is pinned at a time.
CREATE TABLE chat_messages (
  id            BIGSERIAL                NOT NULL,
  stream_id     VARCHAR(32),
  broadcast_id  UUID,
  user_id       VARCHAR(200)             NOT NULL,
  user_name     VARCHAR(200)             NOT NULL,
  user_role     VARCHAR(16)              NOT NULL,
  text          VARCHAR(2000)            NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  deleted_at    TIMESTAMP WITH TIME ZONE,
  deleted_by    VARCHAR(200),
  pinned_at     TIMESTAMP WITH TIME ZONE,
  pinned_by     VARCHAR(200),
  CONSTRAINT chat_messages_pk PRIMARY KEY (id),
  CONSTRAINT chat_messages_stream_fk FOREIGN KEY (stream_id) REFERENCES streams (id) ON DELETE SET NULL,
  CONSTRAINT chat_messages_broadcast_fk FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE SET NULL,
  CONSTRAINT chat_messages_role_check CHECK (user_role IN ('viewer', 'moderator', 'broadcaster')),
  CONSTRAINT chat_messages_text_length CHECK (char_length(text) >= 1),
  CONSTRAINT chat_messages_deleted_check CHECK ((deleted_at IS NULL) = (deleted_by IS NULL)),
  CONSTRAINT chat_messages_pinned_check CHECK ((pinned_at IS NULL) = (pinned_by IS NULL))
);

-- History (latest n, everything after a given id) and per-user look-ups of one stream.
CREATE INDEX chat_messages_stream_idx ON chat_messages (stream_id, id);
CREATE INDEX chat_messages_stream_user_idx ON chat_messages (stream_id, user_id, id);
-- Replay of one broadcast.
CREATE INDEX chat_messages_broadcast_idx ON chat_messages (broadcast_id, id);

-- [jooq ignore start]
-- At most one pinned message per stream; also the index behind "which message is pinned".
CREATE UNIQUE INDEX chat_messages_one_pin_uk ON chat_messages (stream_id) WHERE pinned_at IS NOT NULL;
-- "Which messages were deleted after a reconnecting client's last message."
CREATE INDEX chat_messages_deleted_idx ON chat_messages (stream_id, deleted_at) WHERE deleted_at IS NOT NULL;
-- [jooq ignore stop]

-- Reactions counted per broadcast, per minute (minute_start is truncated to the minute,
-- UTC) and per reaction type. Nodes add their counts with an upsert
-- (INSERT ... ON CONFLICT DO UPDATE SET total = total + EXCLUDED.total).
CREATE TABLE chat_reaction_tallies (
  id            BIGSERIAL                NOT NULL,
  stream_id     VARCHAR(32),
  broadcast_id  UUID,
  minute_start  TIMESTAMP WITH TIME ZONE NOT NULL,
  reaction      VARCHAR(16)              NOT NULL,
  total         BIGINT                   NOT NULL,
  CONSTRAINT chat_reaction_tallies_pk PRIMARY KEY (id),
  CONSTRAINT chat_reaction_tallies_uk UNIQUE (broadcast_id, minute_start, reaction),
  CONSTRAINT chat_reaction_tallies_stream_fk FOREIGN KEY (stream_id) REFERENCES streams (id) ON DELETE SET NULL,
  CONSTRAINT chat_reaction_tallies_broadcast_fk FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE SET NULL,
  CONSTRAINT chat_reaction_tallies_total_check CHECK (total >= 0)
);

CREATE INDEX chat_reaction_tallies_stream_idx ON chat_reaction_tallies (stream_id, minute_start);

-- A user banned from a stream's chat, by user id (whatever name the user shows). A ban
-- has no end; deleting the row lifts it. broadcast_id is the broadcast during which the
-- ban was issued. The unique key is on (stream_id, user_id); after the stream is deleted
-- the row stays (stream_id NULL) as a record of the moderation.
CREATE TABLE chat_bans (
  id            BIGSERIAL                NOT NULL,
  stream_id     VARCHAR(32),
  broadcast_id  UUID,
  user_id       VARCHAR(200)             NOT NULL,
  user_name     VARCHAR(200)             NOT NULL,
  banned_by     VARCHAR(200)             NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT chat_bans_pk PRIMARY KEY (id),
  CONSTRAINT chat_bans_stream_user_uk UNIQUE (stream_id, user_id),
  CONSTRAINT chat_bans_stream_fk FOREIGN KEY (stream_id) REFERENCES streams (id) ON DELETE SET NULL,
  CONSTRAINT chat_bans_broadcast_fk FOREIGN KEY (broadcast_id) REFERENCES broadcasts (id) ON DELETE SET NULL
);

CREATE INDEX chat_bans_broadcast_idx ON chat_bans (broadcast_id);
