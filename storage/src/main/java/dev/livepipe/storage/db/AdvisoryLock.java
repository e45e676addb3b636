// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.storage.db;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * PostgreSQL transaction-scoped advisory locks: released when the transaction ends, shared
 * with every node using the same database.
 *
 * <p>{@link #RETENTION} orders retention changes against expiry computation: changing a
 * policy, an assignment or the default takes it exclusively; finishing a recording (which
 * reads the policy to compute the expiry) takes it shared, so a finished recording can never
 * miss a concurrent policy change.
 *
 * <p><b>Blocking:</b> waits until the lock is granted; call inside a transaction on a worker
 * thread. Stateless.
 */
public final class AdvisoryLock {

    /** Key of the retention lock ("LP" + "RETN"). */
    public static final long RETENTION = 0x4C50_5245_544EL;

    private AdvisoryLock() {
    }

    /** Takes the lock exclusively until {@code transaction} ends. */
    public static void exclusive(DSLContext transaction, long key) {
        transaction.select(DSL.function("pg_advisory_xact_lock", SQLDataType.OTHER, DSL.val(key))).fetch();
    }

    /** Takes the lock shared until {@code transaction} ends. */
    public static void shared(DSLContext transaction, long key) {
        transaction.select(DSL.function("pg_advisory_xact_lock_shared", SQLDataType.OTHER, DSL.val(key))).fetch();
    }
}
