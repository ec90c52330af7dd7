// Where a request's main-thread CPU goes, stage by stage, from a V8 CPU profile of the server taken
// while one route is loaded. Each sample that is not idle goes to the first stage of the list that
// names a frame of its stack (so a stage listed earlier keeps what it calls, and the route
// handler, last, keeps only what no other stage names); what no stage names is Node's HTTP,
// Fastify's routing and hooks plumbing, and the socket. The samples say how the busy time divides; the thread's CPU
// clock (bench-server.ts) says how much there was: a stage's share of the busy samples times the
// CPU per request is its CPU per request. Sampling is by wall time, so on a shared machine a
// stage's share is only as good as the number of samples: profile several thousand requests.

interface CallFrame {
  functionName: string;
  url: string;
}

/** The parts of a `.cpuprofile` (Profiler.stop's answer) read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** A stage and the frames (`functionName url`) that belong to it. */
export interface RequestStage {
  name: string;
  frames: RegExp;
}

/** The ingest routes' stages, each a separate concern of the request path (ingest/http/ and the plugins). */
export const INGEST_STAGES: readonly RequestStage[] = [
  { name: 'prepareEvents (validate, scrub, rows)', frames: /^prepareEvents / },
  { name: 'CORS (@fastify/cors, ingest-cors.ts)', frames: /@fastify\/cors|ingest-cors\.ts/ },
  {
    name: 'rate limit (plugin, key, store)',
    frames: /@fastify\/rate-limit|rate-limit-key\.ts|window-counter-store\.ts/,
  },
  { name: 'body validation (envelope)', frames: /^(?:validate|validateParam) .*fastify\/lib\/validation\.js/ },
  { name: 'reply serialisation', frames: /^serialize .*fastify\/lib\/reply\.js|fastify-type-provider-zod/ },
  { name: 'hand-off to the writer', frames: /writer\/event-writer\.ts|threaded-commit-backend\.ts/ },
  {
    name: 'JSON body parsing',
    frames: /^defaultJsonParser |request-bodies\.ts|secure-json-parse|well-formed-text\.ts/,
  },
  { name: 'database files check (db.ts)', frames: /database-files\.ts|plugins\/db\.ts/ },
  { name: 'site directory', frames: /site-directory\.ts/ },
  { name: 'User-Agent', frames: /user-agent\.ts/ },
  { name: 'security headers', frames: /security-headers\.ts/ },
  { name: 'closing guard, trait params', frames: /closing-guard\.ts|trait-params\.ts/ },
  { name: 'garbage collector', frames: /^\(garbage collector\) / },
  { name: 'route handler, the rest', frames: /ingest-routes\.ts|bench-server\.ts/ },
];

export const UNNAMED_STAGE = 'HTTP, routing, hooks plumbing, socket';

/** Each stage's share of the profile's busy (non-idle) time, largest first. */
export function stageShares(profile: CpuProfile, stages: readonly RequestStage[]): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    // tsx adds a query to every module URL; node_modules paths are shortened to the package.
    return `${f.functionName || '(anonymous)'} ${f.url.split('?')[0]!.replace(/^.*node_modules\//, '')}`;
  };
  // The stage of each sampled node, computed once per node (most samples share a few stacks).
  const stageOf = new Map<number, string | null>();
  const resolve = (leaf: number): string | null => {
    const known = stageOf.get(leaf);
    if (known !== undefined) return known;
    const stack: string[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) stack.push(label(id));
    let stage: string | null;
    // The profiler's own work (stopping it serialises the profile) is no request's.
    if (stack[0]!.startsWith('(idle) ') || stack.some((frame) => frame.endsWith(' node:inspector'))) stage = null;
    else stage = stages.find((s) => stack.some((frame) => s.frames.test(frame)))?.name ?? UNNAMED_STAGE;
    stageOf.set(leaf, stage);
    return stage;
  };
  const time = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const stage = resolve(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (stage === null) return;
    busy += dt;
    time.set(stage, (time.get(stage) ?? 0) + dt);
  });
  return new Map([...time].sort((a, b) => b[1] - a[1]).map(([name, t]) => [name, busy === 0 ? 0 : t / busy]));
}
