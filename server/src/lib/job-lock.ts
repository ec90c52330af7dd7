/**
 * A background job's run that must not happen on two instances at once (the retention job, a site's
 * deletion, the saved funnels' count): on PostgreSQL, where several instances share the database,
 * an advisory lock per job (db/postgres/advisory-job-lock.ts); on SQLite, one process serves the
 * file and its jobs already run one at a time, so every run goes ahead.
 */
export interface JobLock {
  /**
   * Runs `work` while holding `job`'s lock; when another instance holds it, does not run it and
   * resolves `{ ran: false }` (that instance is doing the same work). The lock is released when
   * `work` settles, and by PostgreSQL itself when the holder's connection ends (a crash, a kill),
   * so a run cut short is taken up by the next one.
   */
  exclusive<T>(job: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
}

/** Every run goes ahead: SQLite's one process. */
export const inProcessJobLock: JobLock = {
  async exclusive(_job, work) {
    return { ran: true, value: await work() };
  },
};
