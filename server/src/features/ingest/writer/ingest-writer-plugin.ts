import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { inThreadCommitBackend } from './commit-backend.js';
import { createEventWriter, type EventWriter } from './event-writer.js';
import { createIngestStore } from './ingest-store.js';
import { withSetting } from '../../../db/postgres/postgres-connection.js';
import { postgresCommitBackend } from './postgres-commit-backend.js';
import { processCommitBackend } from './process-commit-backend.js';
import { threadedCommitBackend } from './threaded-commit-backend.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one group-commit writer of ingestion (event-writer.ts). */
    ingestWriter: EventWriter;
  }
}

/**
 * The ingest writer and its thread, shared by the ingest routes (which write) and /healthz (which
 * reports its state), hence a cross-cutting plugin. Registered after the database plugin, so its
 * onClose (commit what is queued) runs before the database closes: Fastify runs onClose hooks in
 * reverse order of registration, after the server stopped accepting and in-flight requests ended.
 */
export const ingestWriterPlugin = fp(
  async (app: FastifyInstance) => {
    // The writer thread needs its own connection to a file; an in-memory database has none to share.
    // On PostgreSQL the writer is a process of its own (the libpq addon loads once per process), or,
    // with LOUPE_WRITER_THREAD=false, this thread with the server's connection; either retries a
    // commit that another instance's made PostgreSQL roll back.
    const { dbPath, database, writer: writerConfig } = app.config;
    const onThreadExit = (kind: string) => (err: Error, restarting: boolean, retryInMs?: number) =>
      app.log.error(
        { err },
        restarting
          ? `ingest writer ${kind} died; starting a new one`
          : retryInMs !== undefined
            ? `ingest writer ${kind} could not start; /v1/collect answers 503 until one does (tried again by the first commit after ${retryInMs} ms)`
            : `ingest writer ${kind} is gone; /v1/collect answers 500`,
      );
    const backend =
      database.kind === 'postgres'
        ? writerConfig.thread
          ? processCommitBackend(withSetting(database.url, 'lock_timeout', writerConfig.lockTimeoutMs), {
              onThreadExit: onThreadExit('process'),
            })
          : postgresCommitBackend(createIngestStore(app.db))
        : writerConfig.thread && dbPath !== ':memory:'
          ? threadedCommitBackend(dbPath, { onThreadExit: onThreadExit('thread') })
          : inThreadCommitBackend(createIngestStore(app.db), app.dbFiles);
    const writer = createEventWriter(app.db, {
      ...writerConfig,
      backend,
      onStorage: ({ state, detail }) => {
        if (state === 'ok') app.log.info('storage takes writes again; /v1/collect stores events');
        else app.log.error({ storage: state, reason: detail }, 'storage refuses writes; /v1/collect answers 503');
      },
    });
    app.decorate('ingestWriter', writer);
    // The thread starts while the other plugins load; the server listens only once it can commit.
    app.addHook('onReady', async () => backend.ready);
    app.addHook('onClose', async () => writer.close());
  },
  { name: 'loupe-ingest-writer', dependencies: ['loupe-db'] },
);
