// SPDX-License-Identifier: Apache-2.0
/**
 * Livepipe storage: PostgreSQL (schema by Flyway, access by jOOQ classes generated from the
 * migrations), the S3 object store, and embedded defaults for both.
 *
 * <p>Entry point: {@link dev.livepipe.storage.Storage} built from a
 * {@link dev.livepipe.storage.StorageConfig}. Everything in this module blocks on I/O and
 * must run on worker or virtual threads, never on an event loop.
 */
package dev.livepipe.storage;
