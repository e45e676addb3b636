// SPDX-License-Identifier: Apache-2.0
/**
 * Chat persistence: messages (soft delete, one pin per stream), reaction tallies per
 * broadcast, minute and type, and bans by user id. Entry points:
 * {@link dev.livepipe.storage.chat.ChatMessageRepository},
 * {@link dev.livepipe.storage.chat.ReactionTallyRepository},
 * {@link dev.livepipe.storage.chat.ChatBanRepository}. Everything here blocks on JDBC.
 */
package dev.livepipe.storage.chat;
