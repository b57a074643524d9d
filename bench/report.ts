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
  machine: { cpus: number; cpuModel: string; bun: string; node: string; loadAverageBefore: number[]; loadAverageAfter: number[] };
  /** The commit the gateway was measured at, and whether src/ had uncommitted changes. */
  gateway: { commit: string; srcDirty: boolean };
  micro: MicroResult[];
  load: LoadReport;
  savings: SavingsReport;
  binary: BinaryReport | { skipped: string };
  profile: ProfileReport[] | { skipped: string };
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

/**
 * The p99 bounds throughput is read at, per mode. Two per mode so no single bound flatters anyone;
 * in the 20 ms mode the upstream alone takes 20 ms.
 */
export const P99_BOUNDS_MS: Record<string, number[]> = { 'zero-latency': [10, 50], '20 ms upstream': [50, 200] };

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

export interface Capacity {
  mode: string;
  scenario: string;
  target: string;
  boundMs: number;
  /** Interpolated between the last connection count within the bound and the first beyond it. */
  requestsPerSecond: number;
  between: string;
}

/**
 * Requests per second at a p99 bound from a closed-loop ladder of connection counts: walk the
 * ladder upwards while p99 stays within the bound; where it first crosses, interpolate linearly
 * between the two levels. 0 when even one connection exceeds the bound.
 */
export function throughputAtBound(rows: LoadRow[]): Capacity[] {
  const out: Capacity[] = [];
  const keys = new Set(rows.filter((r) => r.measure === 'latency').map((r) => `${r.mode}|${r.scenario}|${r.target}`));
  for (const key of keys) {
    const [mode, scenario, target] = key.split('|') as [string, string, string];
    const ladder = rows.filter((r) => r.measure === 'latency' && r.mode === mode && r.scenario === scenario && r.target === target).sort((a, b) => a.concurrency - b.concurrency);
    if (ladder.length < 2) continue;
    for (const boundMs of P99_BOUNDS_MS[mode] ?? [10]) {
      const bound = boundMs * 1000;
      let best = 0;
      let between = 'none within bound';
      for (let index = 0; index < ladder.length; index++) {
        const level = ladder[index]!;
        if (level.errors > 0) break;
        if (level.p99Us <= bound) {
          best = Math.max(best, level.requestsPerSecond);
          between = `c=${level.concurrency}`;
          continue;
        }
        const previous = ladder[index - 1];
        if (previous && previous.p99Us <= bound) {
          const share = (bound - previous.p99Us) / (level.p99Us - previous.p99Us);
          best = Math.max(best, previous.requestsPerSecond + share * (level.requestsPerSecond - previous.requestsPerSecond));
          between = `c=${previous.concurrency}…${level.concurrency}`;
        }
        break;
      }
      out.push({ mode, scenario, target, boundMs, requestsPerSecond: Math.round(best), between });
    }
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
  // Judged at one connection, where "added latency" is well defined; at 50 the gateway, the
  // simulator and wrk share two cores, and the figure is shown for information.
  const versus = (scenario: string, peer: string, share: number, label: string) => {
    const parts: string[] = [];
    let met: boolean | null = null;
    for (const concurrency of [1, 50]) {
      const ours = find(scenario, 'coderouter', concurrency);
      const theirs = find(scenario, peer, concurrency);
      if (!ours || !theirs) {
        parts.push(`c=${concurrency}: not measured`);
        continue;
      }
      const r = ratio(ours.p99Us, theirs.p99Us);
      parts.push(`c=${concurrency}: ${ms(ours.p99Us)} vs ${ms(theirs.p99Us)} = ${r.toFixed(2)}×`);
      if (concurrency === 1) met = r <= share;
    }
    checks.push({ target: `${label} (judged at c=1)`, measured: parts.join('; '), met });
  };
  versus('openai-passthrough', 'portkey', 1 / 3, 'passthrough overhead p99 ≤ 1/3 of Portkey');
  versus('claude-code-translated', 'claude-code-router', 1 / 10, 'Anthropic→OpenAI overhead p99 ≤ 1/10 of claude-code-router');
  for (const scenario of ['openai-routed', 'claude-code-routed']) {
    const parts = [1, 50].map((c) => find(scenario, 'coderouter', c)).filter((o) => o !== undefined).map((o) => `c=${o!.concurrency}: ${ms(o!.p99Us)}`);
    const c1 = find(scenario, 'coderouter', 1);
    checks.push({ target: `routed overhead p99 ≤ 1 ms (${scenario}, c=1)`, measured: parts.join('; ') || 'not measured', met: c1 ? c1.p99Us <= 1000 : null });
  }
  const capacity = throughputAtBound(result.load.rows);
  for (const [mode, bounds] of Object.entries(P99_BOUNDS_MS)) {
    for (const boundMs of bounds) {
      const ours = capacity.find((t) => t.mode === mode && t.boundMs === boundMs && t.scenario === 'openai-passthrough' && t.target === 'coderouter');
      const theirs = capacity.find((t) => t.mode === mode && t.boundMs === boundMs && t.scenario === 'openai-passthrough' && t.target === 'portkey');
      if (!ours) continue;
      const measured = !theirs
        ? `${ours.requestsPerSecond} req/s; Portkey not measured`
        : theirs.requestsPerSecond === 0
          ? `${ours.requestsPerSecond} req/s; Portkey exceeds the bound even at one connection`
          : `${ours.requestsPerSecond} vs ${theirs.requestsPerSecond} req/s = ${ratio(ours.requestsPerSecond, theirs.requestsPerSecond).toFixed(1)}×`;
      checks.push({ target: `throughput ≥ 3× Portkey at p99 ≤ ${boundMs} ms (${mode}, passthrough)`, measured, met: theirs ? ours.requestsPerSecond >= 3 * theirs.requestsPerSecond && ours.requestsPerSecond > 0 : null });
    }
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
    bars: over.filter((o) => `${o.scenario} · ${o.measure} · c=${o.concurrency}` === label).map((o) => ({ label: o.target, value: Math.max(0.01, o.p99Us / 1000), text: ms(o.p99Us) })),
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
  const capacityGroups = [...new Set(capacity.map((t) => `${t.mode} · ${t.scenario} · p99 ≤ ${t.boundMs} ms`))].map((label) => ({
    label,
    bars: capacity.filter((t) => `${t.mode} · ${t.scenario} · p99 ≤ ${t.boundMs} ms` === label).map((t) => ({ label: t.target, value: t.requestsPerSecond, text: `${t.requestsPerSecond} req/s` })),
  }));
  if (capacityGroups.length) write('throughput.svg', barChart({ title: 'Requests per second within the p99 bound', groups: capacityGroups, unit: 'requests/s' }));
  return files;
}
