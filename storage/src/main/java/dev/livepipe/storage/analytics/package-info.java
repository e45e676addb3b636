// SPDX-License-Identifier: Apache-2.0
/**
 * Viewer analytics in PostgreSQL: one row per broadcast and minute
 * ({@link dev.livepipe.storage.analytics.AnalyticsMinuteRepository}) and one summary row per
 * broadcast ({@link dev.livepipe.storage.analytics.AnalyticsSummaryRepository}); the analytics
 * module computes them, these repositories only store and read them. Everything here blocks on
 * JDBC.
 */
package dev.livepipe.storage.analytics;
