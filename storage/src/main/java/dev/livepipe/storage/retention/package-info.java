// SPDX-License-Identifier: Apache-2.0
/**
 * Retention: policies and their assignment to streams
 * ({@link dev.livepipe.storage.retention.RetentionPolicyRepository}), the preview of what will
 * be deleted ({@link dev.livepipe.storage.retention.RetentionPreview}) and the sweeper that
 * deletes expired recordings ({@link dev.livepipe.storage.retention.RetentionSweeper}). The
 * rules are described in {@code docs/retention.md}. Everything here blocks on JDBC and S3.
 */
package dev.livepipe.storage.retention;
