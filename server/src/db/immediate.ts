/**
 * The behaviour for transactions on the main connection that read and then write. A deferred
 * transaction upgrading from read to write fails at once with SQLITE_BUSY (busy_timeout does not
 * apply to the upgrade) while the ingest writer thread's connection holds the write lock or has
 * committed since the read; an immediate one takes the lock first and waits like any write.
 */
export const IMMEDIATE = { behavior: 'immediate' } as const;
