// SPDX-License-Identifier: Apache-2.0
/**
 * Chat, reactions and presence over WebSockets (docs/chat-protocol.md). Entry point:
 * {@link dev.livepipe.chat.ChatService}; one {@code ChatRoom} per stream per node fans
 * event bus messages out to its local sockets, grouped by event loop. Messages, reaction
 * tallies and bans are stored through {@code dev.livepipe.storage.chat}.
 */
package dev.livepipe.chat;
