import { benchDerivations } from './bench-derivations.js';

// A derivation's cost to the writer: the derivation profile (bench-derivations.ts) of the same
// commits with its methods kept and with them replaced by no-ops, in one process, alternating
// round by round, so the machine's load falls on both alike. Prints µs per stored event of the
// whole commit and of the profile's parts whose names start with one of `parts`.

export function benchKeptDropped(
  proto: object,
  methods: readonly string[],
  parts: readonly string[],
  opts: { label: string; requests: number; repeats: number; rounds: number },
): void {
  const own = proto as Record<string, unknown>;
  const kept = Object.fromEntries(methods.map((m) => [m, own[m]]));
  const dropped = Object.fromEntries(methods.map((m) => [m, () => {}]));
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
