import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, rows, shopSite } from './helpers/collect.js';
import { DESKTOP_CHROME_UA, IPHONE_UA, pageview, response } from './helpers/events.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// "Device" has one definition: the widget's class (pointer and screen, the one prompt targeting
// uses), sent with every event. The server files everything under it and reads the User-Agent only
// when a client sends no class, or one that is not a class.

let t: TestApp;
let key: string;
let secret: string;
beforeAll(async () => {
  t = await createTestApp();
  ({ publicKey: key, secretKey: secret } = shopSite(t.app));
});
afterAll(() => t.close());

const npsByDevice = async (device: string) => {
  const res = await t.app.inject({
    url: `/v1/metrics/scores?kind=nps&device=${device}`,
    headers: { authorization: `Bearer ${secret}` },
  });
  expect(res.statusCode).toBe(200);
  return res.json().total.responses as number;
};

describe('the device class of an event', () => {
  it("files an answer under the widget's class, not the User-Agent's: a tablet-targeted prompt's answer is a tablet's", async () => {
    // An iPad in desktop mode: its User-Agent says Mac (desktop), its touch screen says tablet.
    const displayId = randomUUID();
    const res = await collect(
      t.app,
      {
        key,
        events: [
          pageview({ sessionId: 'ipad-1', device: 'tablet' }),
          response(displayId, 9, { sessionId: 'ipad-1', device: 'tablet' }),
        ],
      },
      { 'user-agent': DESKTOP_CHROME_UA },
    );
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ accepted: 2, rejected: [] });

    expect(rows(t.app, 'SELECT device FROM responses WHERE display_id = ?', displayId)).toEqual([{ device: 'tablet' }]);
    expect(rows(t.app, "SELECT DISTINCT device FROM events WHERE session_id = 'ipad-1'")).toEqual([
      { device: 'tablet' },
    ]);
    expect(rows(t.app, "SELECT device FROM sessions WHERE session_id = 'ipad-1'")).toEqual([{ device: 'tablet' }]);
    expect(await npsByDevice('tablet')).toBe(1);
    expect(await npsByDevice('desktop')).toBe(0);
    // Not kept twice: the class is the row's column, not part of the payload.
    const [payload] = rows<{ payload: string }>(
      t.app,
      "SELECT payload FROM events WHERE session_id = 'ipad-1' AND type = 'response'",
    );
    expect(JSON.parse(payload!.payload)).not.toHaveProperty('device');
  });

  it("falls back to the User-Agent's class when the event has none, or one that is not a class, and still stores the event", async () => {
    const res = await collect(
      t.app,
      {
        key,
        events: [
          pageview({ sessionId: 'phone-absent' }),
          { ...pageview({ sessionId: 'phone-invalid' }), device: 'phablet' },
          { ...pageview({ sessionId: 'phone-wrong-type' }), device: 7 },
        ],
      },
      { 'user-agent': IPHONE_UA },
    );
    expect(res.json()).toMatchObject({ accepted: 3, rejected: [] });
    expect(
      rows(t.app, "SELECT session_id, device FROM events WHERE session_id LIKE 'phone-%' ORDER BY session_id"),
    ).toEqual([
      { session_id: 'phone-absent', device: 'mobile' },
      { session_id: 'phone-invalid', device: 'mobile' },
      { session_id: 'phone-wrong-type', device: 'mobile' },
    ]);
  });
});
