import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LoupeEventInput } from '@loupe/shared';
import { collect, rows, shopSite } from './helpers/collect.js';
import { base, response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';

const apps = engineApps();

describe.each(ENGINES)('on %s', (engine) => {
  describe('PATCH /v1/responses/:id (closing the loop)', () => {
    let t: TestApp;
    let secret: string;
    const id = randomUUID();
    beforeAll(async () => {
      t = await apps.create(engine);
      const site = shopSite(t.app);
      secret = site.secretKey;
      await collect(t.app, {
        key: site.publicKey,
        events: [response(id, 2, { comment: 'Checkout broke', ts: Date.now() - 3_600_000 })],
      });
    });
    afterAll(() => t.close());

    const patch = (payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/v1/responses/${id}`,
        headers: { authorization: `Bearer ${secret}` },
        payload,
      });
    const overview = async () =>
      (await t.app.inject({ url: '/v1/metrics/overview', headers: { authorization: `Bearer ${secret}` } })).json();

    it('counts an open complaint until it is resolved', async () => {
      const o = await overview();
      expect([o.complaints.value, o.openComplaints.value, o.complaintRate.value, o.resolved.value]).toEqual([
        1, 1, 100, 0,
      ]);
    });

    it('resolves with a note; resolving again keeps the first resolution time', async () => {
      const first = await patch({ status: 'resolved', note: 'Refunded, ticket #44' });
      expect(first.statusCode).toBe(200);
      const body = first.json();
      expect(body).toMatchObject({ id, status: 'resolved', note: 'Refunded, ticket #44', segment: 'detractor' });
      expect(Date.parse(body.resolvedAt)).toBeGreaterThan(Date.parse(body.createdAt));
      const again = (await patch({ status: 'resolved' })).json();
      expect(again.resolvedAt).toBe(body.resolvedAt);
      expect(again.note).toBe('Refunded, ticket #44');
      const o = await overview();
      expect([o.openComplaints.value, o.resolved.value]).toEqual([0, 1]);
      const ttr = o.medianTimeToResolveMs.value;
      // Kept as a log-bucketed count (features/responses/resolution-counts.ts): within 5 %.
      const exact = Date.parse(body.resolvedAt) - Date.parse(body.createdAt);
      expect(Math.abs(ttr! - exact)).toBeLessThanOrEqual(0.05 * exact);
    });

    it('changes the note alone, removes it with null, and reopening clears the resolution', async () => {
      expect((await patch({ note: 'Called back' })).json()).toMatchObject({ status: 'resolved', note: 'Called back' });
      expect((await patch({ note: null })).json().note).toBeNull();
      const reopened = (await patch({ status: 'open' })).json();
      expect([reopened.status, reopened.resolvedAt]).toEqual(['open', null]);
      const o = await overview();
      expect([o.openComplaints.value, o.resolved.value, o.medianTimeToResolveMs.value]).toEqual([1, 0, null]);
    });

    it('filters the list by status', async () => {
      await patch({ status: 'resolved' });
      const get = (q: string) =>
        t.app.inject({ url: `/v1/responses?${q}`, headers: { authorization: `Bearer ${secret}` } });
      expect((await get('status=resolved')).json().responses).toHaveLength(1);
      expect((await get('status=open')).json().responses).toHaveLength(0);
    });
  });

  describe('resolutions under an audience of two traits (its rarest trait’s resolved answers)', () => {
    let t: TestApp;
    let secret: string;
    const both = randomUUID();
    const proOnly = randomUUID();
    beforeAll(async () => {
      t = await apps.create(engine);
      const site = shopSite(t.app);
      secret = site.secretKey;
      const at = Date.now() - 3_600_000;
      const identify = (sessionId: string, traits: Record<string, string>) => ({
        ...base({ sessionId, ts: at }),
        type: 'identify',
        customerId: `c-${sessionId}`,
        traits,
      });
      await collect(t.app, {
        key: site.publicKey,
        events: [
          identify('s-both', { plan: 'pro', tier: 'gold' }),
          identify('s-pro', { plan: 'pro' }),
          response(both, 2, { comment: 'Checkout broke', sessionId: 's-both', ts: at + 1000 }),
          response(proOnly, 1, { comment: 'Too slow', sessionId: 's-pro', ts: at + 1000 }),
        ] as LoupeEventInput[],
      });
    });
    afterAll(() => t.close());

    const patch = (id: string, status: 'open' | 'resolved') =>
      t.app.inject({
        method: 'PATCH',
        url: `/v1/responses/${id}`,
        headers: { authorization: `Bearer ${secret}` },
        payload: { status },
      });
    const figures = async (query: string) => {
      const o = (
        await t.app.inject({ url: `/v1/metrics/overview?${query}`, headers: { authorization: `Bearer ${secret}` } })
      ).json();
      return [o.complaints.value, o.openComplaints.value, o.resolved.value];
    };
    const traitsResolvedAt = (id: string) =>
      rows<{ resolved_at: number | null }>(
        t.app,
        'SELECT resolved_at FROM response_traits WHERE display_id = ? ORDER BY key',
        id,
      ).map((r) => (r.resolved_at === null ? null : Number(r.resolved_at)));

    it('counts only the audience’s answers, resolved and reopened, and its trait rows keep the time', async () => {
      const twoTraits = 'trait.plan=pro&trait.tier=gold';
      expect(await figures(twoTraits)).toEqual([1, 1, 0]);
      expect((await patch(both, 'resolved')).statusCode).toBe(200);
      expect((await patch(proOnly, 'resolved')).statusCode).toBe(200);
      const resolvedAt = Date.parse((await patch(both, 'resolved')).json().resolvedAt);
      expect(traitsResolvedAt(both)).toEqual([resolvedAt, resolvedAt]);
      expect(await figures(twoTraits)).toEqual([1, 0, 1]);
      // A trait with a path filter is read the same way (no counts by who answered hold it).
      expect(await figures('trait.plan=pro&path=%2Fcart')).toEqual([2, 0, 2]);
      expect(await figures('trait.plan=pro&path=%2Fhome')).toEqual([0, 0, 0]);
      expect(await figures('trait.plan=pro&trait.tier=gold&returning=true')).toEqual([0, 0, 0]);
      expect((await patch(both, 'open')).statusCode).toBe(200);
      expect(traitsResolvedAt(both)).toEqual([null, null]);
      expect(await figures(twoTraits)).toEqual([1, 1, 0]);
      expect(await figures('trait.plan=pro&path=%2Fcart')).toEqual([2, 1, 1]);
    });
  });

  describe('updatedAt of a response', () => {
    let t: TestApp;
    let secret: string;
    let publicKey: string;
    beforeAll(async () => {
      t = await apps.create(engine);
      ({ secretKey: secret, publicKey } = shopSite(t.app));
    });
    afterAll(() => t.close());
    afterEach(() => vi.useRealTimers());

    const hour = 3_600_000;
    /** The server's clock (only Date is faked: timers, the writer thread and the database run as ever). */
    const at = (time: number) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(time);
    };
    const patch = (id: string, payload: object) =>
      t.app.inject({
        method: 'PATCH',
        url: `/v1/responses/${id}`,
        headers: { authorization: `Bearer ${secret}` },
        payload,
      });
    const listed = async (id: string) => {
      const res = await t.app.inject({
        url: '/v1/responses?limit=100',
        headers: { authorization: `Bearer ${secret}` },
      });
      return (res.json().responses as { id: string; updatedAt: string; score: number }[]).find((r) => r.id === id)!;
    };

    it('moves with each change: resolving, the note, reopening; not with a change to nothing', async () => {
      const id = randomUUID();
      const start = Date.now() - 10 * hour;
      const answered = start - hour;
      at(start);
      expect(
        (await collect(t.app, { key: publicKey, events: [response(id, 2, { comment: 'Broken', ts: answered })] }))
          .statusCode,
      ).toBe(202);
      expect(Date.parse((await listed(id)).updatedAt)).toBe(answered);

      at(start + hour);
      const resolved = (await patch(id, { status: 'resolved' })).json();
      expect(Date.parse(resolved.updatedAt)).toBe(start + hour);
      expect(resolved.updatedAt).toBe(resolved.resolvedAt);
      expect((await listed(id)).updatedAt).toBe(resolved.updatedAt);

      at(start + 2 * hour);
      expect((await patch(id, { status: 'resolved' })).json().updatedAt).toBe(resolved.updatedAt);

      at(start + 3 * hour);
      expect(Date.parse((await patch(id, { note: 'Refunded' })).json().updatedAt)).toBe(start + 3 * hour);
      at(start + 4 * hour);
      expect(Date.parse((await patch(id, { note: 'Refunded', status: 'resolved' })).json().updatedAt)).toBe(
        start + 3 * hour,
      );

      at(start + 5 * hour);
      const reopened = (await patch(id, { status: 'open' })).json();
      expect([reopened.status, Date.parse(reopened.updatedAt)]).toEqual(['open', start + 5 * hour]);
      expect(Date.parse((await listed(id)).updatedAt)).toBe(start + 5 * hour);
    });

    it("a triage change does not reorder the answer's own events: a later score still wins over an earlier one", async () => {
      const id = randomUUID();
      const start = Date.now() - 10 * hour;
      at(start);
      await collect(t.app, { key: publicKey, events: [response(id, 2, { ts: start - 2 * hour })] });
      at(start + hour);
      await patch(id, { status: 'resolved' });
      // Sent before the resolution, delivered after it (a page hidden offline): still the newest answer.
      expect(
        (await collect(t.app, { key: publicKey, events: [response(id, 8, { ts: start - hour })] })).statusCode,
      ).toBe(202);
      // An older event delivered later still loses, as before.
      await collect(t.app, { key: publicKey, events: [response(id, 5, { ts: start - 90 * 60_000 })] });
      const row = await listed(id);
      expect(row.score).toBe(8);
      expect(Date.parse(row.updatedAt)).toBe(start + hour);
    });
  });

  // SQLite's single writer: PostgreSQL's writers take row locks and never fail with SQLITE_BUSY.
  describe.skipIf(engine === 'postgres')('PATCH /v1/responses/:id while another connection writes', () => {
    it('waits for the write lock (as the ingest writer thread holds it) instead of failing with SQLITE_BUSY', async () => {
      const t = await apps.create(engine);
      const site = shopSite(t.app);
      const id = randomUUID();
      await collect(t.app, { key: site.publicKey, events: [response(id, 3)] });
      // Another connection, in another process, holds the write lock for 300 ms: what the writer
      // thread's connection does during a commit. A read-then-upgrade transaction fails at once then.
      const holder = spawn(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import Database from 'better-sqlite3';
         const db = new Database(process.argv[1]);
         db.exec('BEGIN IMMEDIATE');
         db.prepare("UPDATE responses SET note = 'held' WHERE display_id = ?").run(process.argv[2]);
         console.log('locked');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
         db.exec('COMMIT');`,
          t.dbPath,
          id,
        ],
        { cwd: path.dirname(fileURLToPath(import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
        holder.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
      });
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/v1/responses/${id}`,
        headers: { authorization: `Bearer ${site.secretKey}` },
        payload: { status: 'resolved' },
      });
      expect(res.statusCode, res.body).toBe(200);
      // Applied after the other writer committed, on top of its change.
      expect(res.json()).toMatchObject({ status: 'resolved', note: 'held' });
      await once(holder, 'exit');
      await t.close();
    });
  });
});
