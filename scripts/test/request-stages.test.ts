import { Session } from 'node:inspector/promises';
import { describe, expect, it } from 'vitest';
import { benchPrepare } from '../src/bench/bench-prepare.js';
import { type CpuProfile, INGEST_STAGES, stageShares, UNNAMED_STAGE } from '../src/bench/request-stages.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url },
  children,
});

describe('stageShares', () => {
  // root → hook (CORS) → site lookup; root → handler → prepareEvents; root → HTTP; idle; profiler.
  const profile: CpuProfile = {
    nodes: [
      frame(1, '(root)', '', [2, 4, 6, 7, 8, 10]),
      frame(2, 'handleCors', 'file:///x/node_modules/@fastify/cors/index.js', [3]),
      frame(3, 'find', 'file:///x/server/src/features/ingest/http/site-directory.ts?tsx-namespace=1'),
      frame(4, '', 'file:///x/server/src/features/ingest/http/ingest-routes.ts', [5]),
      frame(5, 'prepareEvents', 'file:///x/server/src/features/ingest/http/prepare-events.ts'),
      frame(6, 'parserOnIncoming', 'node:_http_server'),
      frame(7, '(idle)', ''),
      frame(8, 'post', 'node:inspector', [9]),
      frame(9, 'dispatch', ''),
      frame(10, '(garbage collector)', ''),
    ],
    samples: [3, 5, 5, 4, 6, 7, 7, 9, 10],
    timeDeltas: [100, 100, 100, 100, 100, 500, 500, 900, 100],
  };

  it('charges each busy sample to the first listed stage its stack names, idle and the profiler to none', () => {
    const shares = stageShares(profile, INGEST_STAGES);
    // Busy: 600 µs (3, 5, 5, 4, 6, 10); the site lookup inside CORS stays CORS.
    expect(Object.fromEntries(shares)).toEqual({
      'prepareEvents (validate, scrub, rows)': 2 / 6,
      'CORS (@fastify/cors, ingest-cors.ts)': 1 / 6,
      'garbage collector': 1 / 6,
      'route handler, the rest': 1 / 6,
      [UNNAMED_STAGE]: 1 / 6,
    });
    expect([...shares.keys()][0]).toBe('prepareEvents (validate, scrub, rows)');
  });

  it('finds prepareEvents in a real profile', async () => {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 50 });
    // bench-prepare times prepareEvents and, apart, each step it calls: a sixth of its passes.
    // Warmed up before the profile (its first pass compiles), then run for 300 ms of this
    // process's CPU, not of the clock: on a loaded machine a window of wall time held too few
    // busy samples for a share to mean anything.
    benchPrepare(50, 1);
    await session.post('Profiler.start');
    const cpuMs = () => process.cpuUsage().user / 1000;
    const until = cpuMs() + 300;
    while (cpuMs() < until) benchPrepare(50, 1);
    const { profile: real } = await session.post('Profiler.stop');
    session.disconnect();
    const shares = stageShares(real as CpuProfile, INGEST_STAGES);
    expect(shares.get('prepareEvents (validate, scrub, rows)')).toBeGreaterThan(0.05);
  });
});
