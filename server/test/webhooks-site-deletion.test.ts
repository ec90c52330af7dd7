import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from './helpers/accounts.js';
import { collect, rows, shopSite } from './helpers/collect.js';
import { response } from './helpers/events.js';
import { ENGINES, engineApps } from './helpers/engine-apps.js';
import type { TestApp } from './helpers/test-app.js';
import { type Receiver, startReceiver } from './helpers/webhook-receiver.js';
import { FAST, type Site, addHook, attemptsOf, until } from './helpers/webhooks.js';

const apps = engineApps();

/** The tests wait for retries up to a second apart (Retry-After): seconds on a loaded machine. */
const RETRY_TEST_TIMEOUT_MS = 15_000;

describe.each(ENGINES)('on %s', (engine) => {
  // Deleting a site while the worker is sending one of its webhook deliveries. The deletion removes
  // the site's endpoints and deliveries in its first transaction; what the worker has in flight then
  // must end there: no attempt recorded against a delivery that is gone, and no retry ever sent.
  //
  // One delivery in flight at a time (LOUPE_WEBHOOK_CONCURRENCY=1) makes the proof a marker, not a
  // wait: another site's delivery cannot start before the deleted site's attempt has finished, and
  // the worker takes due deliveries oldest first, so had the deleted one been kept for a retry, the
  // retry would reach its receiver before the marker's own retry reaches the marker's.

  describe('a site deleted while a webhook delivery of it is in flight', () => {
    let t: TestApp;
    let doomed: Site;
    let doomedRx: Receiver;
    let marker: Receiver;
    beforeAll(async () => {
      t = await apps.create(
        engine,
        { LOUPE_WEBHOOK_ALLOW_PRIVATE: '1', LOUPE_WEBHOOK_CONCURRENCY: '1', LOUPE_ADMIN_TOKEN: ADMIN },
        { webhookTiming: FAST },
      );
    });
    afterAll(() => t.close());

    const deleteSite = async (site: Site) => {
      const res = await t.app.inject({
        method: 'DELETE',
        url: `/v1/sites/${site.siteId}`,
        headers: { authorization: `Bearer ${ADMIN}` },
        payload: { confirmName: 'Shop' },
      });
      expect(res.statusCode, res.body).toBe(200);
    };
    const left = (siteId: string) => ({
      webhooks: rows(t.app, 'SELECT id FROM webhooks WHERE site_id = ?', siteId),
      deliveries: rows(t.app, 'SELECT seq FROM webhook_deliveries WHERE site_id = ?', siteId),
      attempts: rows(
        t.app,
        'SELECT a.attempt FROM webhook_attempts a LEFT JOIN webhook_deliveries d ON d.seq = a.delivery_seq WHERE d.seq IS NULL',
      ),
    });
    /** Another site's delivery that fails once (answered as `first`), then arrives: the marker. */
    const sendMarker = async (first: { status: number; headers?: Record<string, string> }) => {
      marker = await startReceiver((_r, n) => (n === 1 ? first : { status: 200, body: 'ok' }));
      const other = shopSite(t.app);
      await addHook(t, other, marker.url);
      await collect(t.app, { key: other.publicKey, events: [response(randomUUID(), 9)] });
      await marker.waitFor(2);
    };

    it(
      'an attempt awaiting its answer: the answer is dropped and nothing is sent again',
      async () => {
        doomedRx = await startReceiver(() => 'hang');
        try {
          doomed = shopSite(t.app);
          await addHook(t, doomed, doomedRx.url);
          await collect(t.app, { key: doomed.publicKey, events: [response(randomUUID(), 2)] });
          await doomedRx.waitFor(1); // the attempt is in flight: the receiver holds it
          await deleteSite(doomed);
          expect(left(doomed.siteId)).toEqual({ webhooks: [], deliveries: [], attempts: [] });
          // A failure answer: a delivery still stored would be scheduled for a retry 20 ms later.
          doomedRx.release(500);
          await sendMarker({ status: 500 });
          expect(doomedRx.received).toHaveLength(1);
          expect(left(doomed.siteId)).toEqual({ webhooks: [], deliveries: [], attempts: [] });
        } finally {
          await doomedRx.close();
          await marker?.close();
        }
      },
      RETRY_TEST_TIMEOUT_MS,
    );

    it(
      'a delivery waiting for its retry is never sent once its site is gone',
      async () => {
        // Retry-After parks the delivery for a second: the site is deleted while it waits.
        doomedRx = await startReceiver(() => ({ status: 503, headers: { 'retry-after': '1' } }));
        try {
          doomed = shopSite(t.app);
          const hook = await addHook(t, doomed, doomedRx.url);
          await collect(t.app, { key: doomed.publicKey, events: [response(randomUUID(), 4)] });
          await doomedRx.waitFor(1);
          await until(
            () => (attemptsOf(t, hook.id).length === 1 ? true : undefined),
            'the 503 recorded and its retry scheduled',
          );
          await deleteSite(doomed);
          expect(left(doomed.siteId)).toEqual({ webhooks: [], deliveries: [], attempts: [] });
          // The marker's retry is due a second after its first attempt, later than the doomed one's.
          await sendMarker({ status: 503, headers: { 'retry-after': '1' } });
          expect(doomedRx.received).toHaveLength(1);
        } finally {
          await doomedRx.close();
          await marker?.close();
        }
      },
      RETRY_TEST_TIMEOUT_MS,
    );
  });
});
