/**
 * Turns one run's results into bench/reports/latest.{md,json} and the SVG charts: derived figures
 * (overhead = target − direct in the same mode, throughput at a p99 bound, ratios to the peers,
 * the targets) are computed here once and stored in the JSON beside the raw rows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadReport, LoadRow } from './load.ts';
import type { MicroResult } from './micro.ts';
import type { ProfileReport } from './profile.ts';
import type { SavingsReport } from './savings.ts';
import { barChart, latencyChart } from './lib/svg.ts';

export interface BinaryReport {
  path: string;
  sizeBytes: number;
  startToFirstResponseMs: number[];
  idleRssKiB: number;
}

export interface BenchResult {
  when: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; bun: string; node: string; loadAverageBefore: number[] };
  micro: MicroResult[];
  load: LoadReport;
  savings: SavingsReport;
  binary: BinaryReport | { skipped: string };
  profile: ProfileReport | { skipped: string };
  seconds: number;
}

export interface OverheadRow {
  mode: string;
  scenario: string;
  measure: 'latency' | 'ttfb';
  concurrency: number;
  target: string;
  p50Us: number;
  p99Us: number;
  p999Us: number;
}

/** Requests per second allowed by the p99 bound of each mode (closed loop: the best level within it). */
export const P99_BOUND_MS: Record<string, number> = { 'zero-latency': 10, '20 ms upstream': 50 };

export function overheads(rows: LoadRow[]): OverheadRow[] {
  const out: OverheadRow[] = [];
  for (const row of rows) {
    if (row.target === 'direct') continue;
    const direct = rows.find((r) => r.target === 'direct' && r.mode === row.mode && r.scenario === row.scenario && r.measure === row.measure && r.concurrency === row.concurrency);
    if (!direct) continue;
    out.push({ mode: row.mode, scenario: row.scenario, measure: row.measure, concurrency: row.concurrency, target: row.target, p50Us: row.p50Us - direct.p50Us, p99Us: row.p99Us - direct.p99Us, p999Us: row.p999Us - direct.p999Us });
  }
  return out;
}

export function throughputAtBound(rows: LoadRow[]) {
  const out: Array<{ mode: string; scenario: string; target: string; boundMs: number; requestsPerSecond: number; concurrency: number | null }> = [];
  const keys = new Set(rows.filter((r) => r.measure === 'latency').map((r) => `${r.mode}|${r.scenario}|${r.target}`));
  for (const key of keys) {
    const [mode, scenario, target] = key.split('|') as [string, string, string];
    const boundMs = P99_BOUND_MS[mode] ?? 10;
    const within = rows.filter((r) => r.measure === 'latency' && r.mode === mode && r.scenario === scenario && r.target === target && r.p99Us <= boundMs * 1000 && r.errors === 0);
    const best = within.sort((a, b) => b.requestsPerSecond - a.requestsPerSecond)[0];
    out.push({ mode, scenario, target, boundMs, requestsPerSecond: best?.requestsPerSecond ?? 0, concurrency: best?.concurrency ?? null });
  }
  return out;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

const ms = (us: number) => `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.NaN);

export function checkTargets(result: BenchResult): TargetCheck[] {
  const over = overheads(result.load.rows).filter((o) => o.mode === 'zero-latency' && o.measure === 'latency');
  const find = (scenario: string, target: string, concurrency: number) => over.find((o) => o.scenario === scenario && o.target === target && o.concurrency === concurrency);
  const checks: TargetCheck[] = [];
  const versus = (scenario: string, peer: string, share: number, label: string) => {
    const parts: string[] = [];
    let met: boolean | null = true;
    for (const concurrency of [1, 50]) {
      const ours = find(scenario, 'coderouter', concurrency);
      const theirs = find(scenario, peer, concurrency);
      if (!ours || !theirs) {
        met = null;
        parts.push(`c=${concurrency}: not measured`);
        continue;
      }
      const r = ratio(ours.p99Us, theirs.p99Us);
      parts.push(`c=${concurrency}: ${ms(ours.p99Us)} vs ${ms(theirs.p99Us)} = ${r.toFixed(2)}×`);
      if (met !== null) met = met && r <= share;
    }
    checks.push({ target: label, measured: parts.join('; '), met });
  };
  versus('openai-passthrough', 'portkey', 1 / 3, 'passthrough overhead p99 ≤ 1/3 of Portkey');
  versus('claude-code-translated', 'claude-code-router', 1 / 10, 'Anthropic→OpenAI overhead p99 ≤ 1/10 of claude-code-router');
  for (const scenario of ['openai-routed', 'claude-code-routed']) {
    const parts = [1, 50].map((c) => find(scenario, 'coderouter', c)).filter((o) => o !== undefined).map((o) => `c=${o!.concurrency}: ${ms(o!.p99Us)}`);
    const c1 = find(scenario, 'coderouter', 1);
    checks.push({ target: `routed overhead p99 ≤ 1 ms (${scenario}, c=1)`, measured: parts.join('; ') || 'not measured', met: c1 ? c1.p99Us <= 1000 : null });
  }
  const capacity = throughputAtBound(result.load.rows);
  for (const mode of Object.keys(P99_BOUND_MS)) {
    const ours = capacity.find((t) => t.mode === mode && t.scenario === 'openai-passthrough' && t.target === 'coderouter');
    const theirs = capacity.find((t) => t.mode === mode && t.scenario === 'openai-passthrough' && t.target === 'portkey');
    if (!ours) continue;
    checks.push({
      target: `throughput ≥ 3× Portkey at p99 ≤ ${P99_BOUND_MS[mode]} ms (${mode})`,
      measured: theirs ? `${ours.requestsPerSecond} vs ${theirs.requestsPerSecond} req/s = ${ratio(ours.requestsPerSecond, theirs.requestsPerSecond).toFixed(1)}×` : `${ours.requestsPerSecond} req/s; Portkey not measured`,
      met: theirs ? ours.requestsPerSecond >= 3 * theirs.requestsPerSecond : null,
    });
  }
  return checks;
}

/** Writes the SVG charts; returns their file names. */
export function writeCharts(result: BenchResult, directory: string): string[] {
  const files: string[] = [];
  const write = (name: string, svg: string) => {
    writeFileSync(join(directory, name), svg);
    files.push(name);
  };
  const rows = result.load.rows;
  for (const scenario of result.load.scenarios) {
    for (const measure of ['latency', 'ttfb'] as const) {
      const panels = [...new Set(rows.filter((r) => r.scenario === scenario.id && r.measure === measure && r.mode === 'zero-latency').map((r) => r.concurrency))].map((concurrency) => ({
        title: `${concurrency} connection${concurrency === 1 ? '' : 's'}`,
        series: rows.filter((r) => r.scenario === scenario.id && r.measure === measure && r.mode === 'zero-latency' && r.concurrency === concurrency).map((r) => ({ label: r.target, points: r.curve })),
      }));
      if (panels.length) write(`latency-${scenario.id}-${measure}.svg`, latencyChart({ title: `${scenario.id}: ${measure === 'ttfb' ? 'stream time to first byte' : 'non-stream latency'} (zero-latency upstream)`, panels }));
    }
  }
  const over = overheads(rows).filter((o) => o.mode === 'zero-latency');
  const groups = [...new Set(over.map((o) => `${o.scenario} · ${o.measure} · c=${o.concurrency}`))].map((label) => ({
    label,
    bars: over.filter((o) => `${o.scenario} · ${o.measure} · c=${o.concurrency}` === label).map((o) => ({ label: o.target, value: Math.max(0.001, o.p99Us / 1000), text: ms(o.p99Us) })),
  }));
  if (groups.length) write('overhead-p99.svg', barChart({ title: 'Added latency p99 (target − direct), zero-latency upstream', groups, unit: 'ms', log: true }));
  const savings = result.savings.byTaskType.map((row) => ({
    label: `${row.taskType} (${row.requests})`,
    bars: [
      ...(['balanced', 'cost', 'quality'] as const).map((strategy) => ({ label: strategy, value: Math.max(0, row.savingsVsOpus[strategy] * 100), text: `${(row.savingsVsOpus[strategy] * 100).toFixed(0)}%` })),
      { label: 'oracle', value: Math.max(0, row.oracleSavingsVsOpus * 100), text: `${(row.oracleSavingsVsOpus * 100).toFixed(0)}%` },
    ],
  }));
  if (savings.length) write('savings-by-task-type.svg', barChart({ title: `Savings vs always-Opus by task type (${result.savings.split} split)`, groups: savings, unit: '% of the always-Opus cost saved', max: 100 }));
  const capacity = throughputAtBound(rows);
  const capacityGroups = [...new Set(capacity.map((t) => `${t.mode} · ${t.scenario} (p99 ≤ ${t.boundMs} ms)`))].map((label) => ({
    label,
    bars: capacity.filter((t) => `${t.mode} · ${t.scenario} (p99 ≤ ${t.boundMs} ms)` === label).map((t) => ({ label: t.target, value: t.requestsPerSecond, text: `${t.requestsPerSecond} req/s` })),
  }));
  if (capacityGroups.length) write('throughput.svg', barChart({ title: 'Requests per second within the p99 bound', groups: capacityGroups, unit: 'requests/s' }));
  return files;
}
