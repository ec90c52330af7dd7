import type { BenchSection } from './bench-report.js';

export interface BenchFailure {
  id: string;
  reason: string;
}

export interface BenchAllReport {
  /** ISO time the run finished. */
  generatedAt: string;
  commit: string | undefined;
  machine: { node: string; platform: string; cpu: string; cores: number; memoryGiB: number };
  /** The command line settings that shaped the figures (durations, sizes). */
  settings: Record<string, string>;
  sections: BenchSection[];
  failures: BenchFailure[];
}

const num = (v: number) =>
  Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 2 });

const cell = (s: string) => s.replaceAll('|', '\\|');

/** The human-readable twin of latest.json: one table of ratios first (the point), then figures. */
export function renderBenchMarkdown(r: BenchAllReport): string {
  const out: string[] = [
    '# Loupe benchmarks',
    '',
    `Generated ${r.generatedAt}${r.commit ? ` at commit \`${r.commit.slice(0, 12)}\`` : ''} by \`npm run bench\`.`,
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node} on ${r.machine.platform}.`,
    '',
    'Absolute figures depend on the machine; ratios compare against a baseline measured in the same run.',
    '',
  ];
  if (Object.keys(r.settings).length) {
    out.push(
      `Settings: ${Object.entries(r.settings)
        .map(([k, v]) => `\`${k}=${v}\``)
        .join(', ')}.`,
      '',
    );
  }
  if (r.failures.length) {
    out.push('## Failed or missing', '');
    for (const f of r.failures) out.push(`- **${f.id}**: ${cell(f.reason)}`);
    out.push('');
  }
  const ratios = r.sections.flatMap((s) => s.ratios.map((x) => ({ section: s.id, ...x })));
  if (ratios.length) {
    out.push('## Ratios', '', '| benchmark | ratio | value | against | target | met |', '|---|---|---:|---|---|---|');
    for (const x of ratios) {
      const met = x.met === undefined ? '' : x.met ? 'yes' : '**no**';
      out.push(
        `| ${x.section} | ${cell(x.name)} | ${num(x.value)} | ${cell(x.baseline)} | ${x.target ?? ''} | ${met} |`,
      );
    }
    out.push('');
  }
  for (const s of r.sections) {
    out.push(`## ${s.title}`, '');
    if (s.measured)
      out.push(
        `Measured ${s.measured.at}${s.measured.commit ? ` at commit \`${s.measured.commit.slice(0, 12)}\`` : ''}, apart from this report's run (\`npm run bench -- ${s.id === 'sizes' ? '--sizes' : '--only ingest'}\`, or kept from an earlier report).`,
        '',
      );
    out.push('| figure | value | unit |', '|---|---:|---|');
    for (const f of s.figures) out.push(`| ${cell(f.name)} | ${num(f.value)} | ${f.unit} |`);
    out.push('');
    for (const n of s.notes) out.push(`- ${n}`);
    if (s.notes.length) out.push('');
  }
  return out.join('\n');
}
