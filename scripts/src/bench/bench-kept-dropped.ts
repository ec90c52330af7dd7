import { parseArgs } from 'node:util';
import { benchDerivations } from './bench-derivations.js';
import { benchPostgresCommits } from './bench-postgres-commits.js';

// A derivation's cost to the writer: the derivation profile (bench-derivations.ts) of the same
// commits with its methods kept and with them replaced by no-ops, in one process, alternating
// round by round, so the machine's load falls on both alike. Prints µs per stored event of the
// whole commit and of the profile's parts whose names start with one of `parts`.

function keptAndDropped(proto: object, methods: readonly string[]) {
  const own = proto as Record<string, unknown>;
  const kept = Object.fromEntries(methods.map((m) => [m, own[m]]));
  const dropped = Object.fromEntries(methods.map((m) => [m, () => {}]));
  return { own, kept, dropped };
}

export function benchKeptDropped(
  proto: object,
  methods: readonly string[],
  parts: readonly string[],
  opts: { label: string; requests: number; repeats: number; rounds: number },
): void {
  const { own, kept, dropped } = keptAndDropped(proto, methods);
  console.log(`${opts.label.padEnd(8)}  whole commit µs/event   parts µs/event`);
  for (let round = 0; round < opts.rounds; round++) {
    for (const [name, impl] of [
      ['kept', kept],
      ['dropped', dropped],
    ] as const) {
      Object.assign(own, impl);
      const r = benchDerivations('v7', opts.requests, 50, opts.repeats);
      const shown = r.parts
        .filter((p) => parts.some((x) => p.name.startsWith(x)))
        .map((p) => `${p.name.slice(0, 48)}: ${p.perEvent.toFixed(1)}`);
      console.log(`${name.padEnd(8)}  ${r.totalPerEvent.toFixed(1).padStart(22)}   ${shown.join('; ')}`);
    }
  }
  Object.assign(own, kept);
}

/**
 * The same on PostgreSQL (bench-postgres-commits.ts: the store committing in this process through
 * the synchronous facade): one server, kept and dropped alternating round by round; this
 * process's CPU, the server's, and the wall time, µs per stored event.
 */
export async function benchKeptDroppedPostgres(
  proto: object,
  methods: readonly string[],
  opts: { label: string; requests: number; rounds: number },
): Promise<void> {
  const { own, kept, dropped } = keptAndDropped(proto, methods);
  const variants = [
    ['kept', kept],
    ['dropped', dropped],
  ] as const;
  try {
    const rounds = await benchPostgresCommits(opts.requests, 50, opts.rounds * 2, (round) => {
      Object.assign(own, variants[round % 2]![1]);
    });
    console.log(`${opts.label.padEnd(8)}  µs/event: this process   PostgreSQL   wall`);
    rounds.forEach((r, i) => {
      const pg = r.postgresCpu === undefined ? '?' : r.postgresCpu.toFixed(1);
      console.log(
        `${variants[i % 2]![0].padEnd(8)}  ${r.serverCpu.toFixed(1).padStart(20)}   ${pg.padStart(10)}   ${r.wall.toFixed(1).padStart(4)}`,
      );
    });
  } finally {
    Object.assign(own, kept);
  }
}

/** The kept/dropped benches' flags: --postgres, --requests N (default 300 there, 1000 here), --repeats N, --rounds N. */
export function keptDroppedArgs() {
  const { values: args } = parseArgs({
    options: {
      postgres: { type: 'boolean' },
      requests: { type: 'string' },
      repeats: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  return {
    postgres: args.postgres === true,
    requests: Number(args.requests ?? (args.postgres ? 300 : 1000)),
    repeats: Number(args.repeats ?? 3),
    rounds: Number(args.rounds ?? 2),
  };
}
