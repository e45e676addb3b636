// SPDX-License-Identifier: Apache-2.0
/**
 * Viewer analytics (see {@code docs/analytics.md}): HLS viewer sessions counted from playlist
 * and segment requests ({@link dev.livepipe.analytics.ViewerSessions}), per-broadcast figures
 * and per-minute series ({@link dev.livepipe.analytics.BroadcastStats}), chat and reaction
 * engagement heard on the event bus, and the service that ties them to the broadcast life cycle,
 * publishes live viewer counts and persists the series
 * ({@link dev.livepipe.analytics.ViewerAnalytics}).
 */
package dev.livepipe.analytics;
