/**
 * Load benchmarks on loopback with the simulator as upstream. For each scenario, the targets
 * (direct to the simulator, CodeRouter, and a peer gateway where one does the same job) run in
 * short interleaved rounds, their order rotated every round, so drift on this shared machine
 * falls on all of them alike; runs are pooled per target and compared in the same mode.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runClient, type ClientTarget } from './lib/http-client.ts';
import { sampleRss, type Child } from './lib/processes.ts';
import { loadClaudeCodeRequest, loadSmallOpenAIRequest } from './lib/scenarios.ts';
import { createBenchKeys, MASTER_KEY, startClaudeCodeRouter, startGatewayProcess, startPortkey, startSimulatorProcess } from './lib/stack.ts';
import { curve, distributionOf, pool, summarize, type Distribution } from './lib/stats.ts';
import { runWrk, type WrkTarget } from './lib/wrk.ts';

export type TargetName = 'direct' | 'coderouter' | 'portkey' | 'claude-code-router';

export interface LoadRow {
  mode: string;
  scenario: string;
  measure: 'latency' | 'ttfb';
  concurrency: number;
  target: TargetName;
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50Us: number;
  p99Us: number;
  p999Us: number;
  meanUs: number;
  curve: Array<{ percent: number; valueUs: number }>;
}

export interface ScenarioInfo {
  id: string;
  title: string;
  kind: 'passthrough' | 'translated' | 'routed';
  bodyBytes: number;
  peer?: TargetName;
  servedBy?: string;
}

export interface MemoryRow {
  mode: string;
  target: string;
  idleKiB: number;
  /** Peak over the whole mode. */
  peakKiB: number;
  /** Peak while each scenario ran (a process only serves the scenarios it is a target of). */
  peakByScenarioKiB: Record<string, number>;
  startMs: number;
}

export interface LoadReport {
  tool: string;
  keys: number;
  scenarios: ScenarioInfo[];
  rows: LoadRow[];
  memory: MemoryRow[];
  peersSkipped: string[];
}

export interface LoadOptions {
  quick: boolean;
  workDir: string;
  wrk: string | undefined;
  peers: { dir: string } | { skipped: string };
  log: (line: string) => void;
}

interface Scenario extends ScenarioInfo {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  streamBody: Record<string, unknown>;
  levels: number[];
}

interface Target {
  name: TargetName;
  url: string;
  headers: Record<string, string>;
  body: string;
  streamBody: string;
  rotateKeys: boolean;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function scenarios(quick: boolean, mode: 'zero' | 'capacity'): Scenario[] {
  const small = loadSmallOpenAIRequest();
  const claudeCode = loadClaudeCodeRequest();
  // Ladders of connection counts: 1 and 50 are the reported latency points; the rest locate the
  // p99 bound crossing for throughput.
  const ladder = mode === 'capacity' ? [1, 25, 50, 100, 200, 400] : quick ? [1, 50] : [1, 4, 16, 50, 128];
  const openai = (id: string, title: string, kind: Scenario['kind'], model: string, peer?: TargetName): Scenario => ({
    id, title, kind, peer, path: '/v1/chat/completions', headers: JSON_HEADERS, bodyBytes: small.bytes, levels: ladder,
    body: { ...small.body, model },
    streamBody: { ...small.body, model, stream: true, stream_options: { include_usage: true } },
  });
  const anthropic = (id: string, title: string, kind: Scenario['kind'], model: string, peer?: TargetName): Scenario => ({
    id, title, kind, peer, path: '/v1/messages', headers: { ...JSON_HEADERS, ...claudeCode.headers }, bodyBytes: claudeCode.bytes, levels: quick ? [1, 50] : [1, 50],
    body: { ...claudeCode.body, model, stream: false },
    streamBody: { ...claudeCode.body, model, stream: true },
  });
  const all = [
    openai('openai-passthrough', 'OpenAI chat → DeepSeek (OpenAI protocol), small coding request', 'passthrough', 'deepseek-chat', 'portkey'),
    openai('openai-routed', 'OpenAI chat, model auto (classifier + policy), small coding request', 'routed', 'auto'),
    anthropic('claude-code-translated', 'Claude Code (Anthropic) → DeepSeek (OpenAI protocol), 85 KB body', 'translated', 'deepseek-chat', 'claude-code-router'),
    anthropic('claude-code-routed', 'Claude Code (Anthropic), model auto, 85 KB body', 'routed', 'auto'),
  ];
  if (mode === 'capacity') return all.filter((s) => s.id.startsWith('openai'));
  return quick ? all.filter((s) => s.id === 'openai-passthrough' || s.id === 'claude-code-routed') : all;
}

/** The request the gateway sends upstream for `body`, as the simulator recorded it: the direct baseline. */
async function upstreamRequestOf(gateway: Child, simulator: Child, scenario: Scenario, body: Record<string, unknown>, key: string) {
  await fetch(`${simulator.url}/_sim/reset`, { method: 'POST' });
  const response = await fetch(`${gateway.url}${scenario.path}`, { method: 'POST', headers: { ...scenario.headers, authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
  const servedBy = response.headers.get('x-coderouter-model') ?? undefined;
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${scenario.id}: gateway answered ${response.status}`);
  const recorded = (await (await fetch(`${simulator.url}/_sim/requests`)).json()) as Array<{ path: string; body: Record<string, unknown> }>;
  const last = recorded.at(-1);
  if (!last) throw new Error(`${scenario.id}: the simulator saw no request`);
  return { path: last.path, body: JSON.stringify(last.body), servedBy };
}

export async function runLoadMode(mode: 'zero' | 'capacity', options: LoadOptions, state: { keys: string[]; keysFile: string; dbPath: string }): Promise<Omit<LoadReport, 'tool' | 'keys' | 'peersSkipped'>> {
  const { log, quick, workDir } = options;
  const latencyMs = mode === 'zero' ? 0 : 20;
  const modeName = mode === 'zero' ? 'zero-latency' : '20 ms upstream';
  const rows: LoadRow[] = [];
  const memory: MemoryRow[] = [];
  const children: Child[] = [];
  const stopAll = () => Promise.all(children.map((child) => child.stop()));
  try {
    const simulator = await startSimulatorProcess(workDir, latencyMs);
    children.push(simulator);
    const gateway = await startGatewayProcess({ workDir, simulatorUrl: simulator.url, dbPath: state.dbPath, name: `coderouter-${mode}` });
    children.push(gateway);
    const peers = new Map<TargetName, Child>();
    if ('dir' in options.peers) {
      peers.set('portkey', await startPortkey(options.peers.dir, workDir));
      if (mode === 'zero') peers.set('claude-code-router', await startClaudeCodeRouter(options.peers.dir, workDir, simulator.url));
      for (const peer of peers.values()) children.push(peer);
    }
    const processes = new Map<string, Child>([['coderouter', gateway], ...peers, ['simulator', simulator]]);
    const idle = new Map([...processes].map(([name, child]) => [name, child.rssKiB()]));
    const peaks = new Map<string, number>();

    const plan = scenarios(quick, mode);
    const targetsOf = new Map<string, Target[]>();
    for (const scenario of plan) {
      const plain = await upstreamRequestOf(gateway, simulator, scenario, scenario.body, state.keys[0]!);
      const stream = await upstreamRequestOf(gateway, simulator, scenario, scenario.streamBody, state.keys[1]!);
      scenario.servedBy = plain.servedBy;
      const directHeaders = { ...JSON_HEADERS, authorization: 'Bearer sk-bench', 'x-api-key': 'sk-bench', 'anthropic-version': '2023-06-01' };
      const targets: Target[] = [
        { name: 'direct', url: `${simulator.url}${plain.path}`, headers: directHeaders, body: plain.body, streamBody: stream.body, rotateKeys: false },
        { name: 'coderouter', url: `${gateway.url}${scenario.path}`, headers: scenario.headers, body: JSON.stringify(scenario.body), streamBody: JSON.stringify(scenario.streamBody), rotateKeys: true },
      ];
      const peer = scenario.peer && peers.get(scenario.peer);
      if (scenario.peer === 'portkey' && peer) {
        const headers = { ...scenario.headers, authorization: 'Bearer sk-bench', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${simulator.url}/v1` };
        targets.push({ name: 'portkey', url: `${peer.url}${scenario.path}`, headers, body: JSON.stringify(scenario.body), streamBody: JSON.stringify(scenario.streamBody), rotateKeys: false });
      }
      if (scenario.peer === 'claude-code-router' && peer) {
        targets.push({ name: 'claude-code-router', url: `${peer.url}${scenario.path}`, headers: { ...scenario.headers, 'x-api-key': 'sk-bench' }, body: JSON.stringify(scenario.body), streamBody: JSON.stringify(scenario.streamBody), rotateKeys: false });
      }
      targetsOf.set(scenario.id, targets);
    }

    const clientTarget = (target: Target, stream: boolean): ClientTarget => ({
      url: target.url,
      headers: target.headers,
      body: stream ? target.streamBody : target.body,
      ...(target.rotateKeys ? { keys: state.keys, keyHeader: 'authorization', keyPrefix: 'Bearer ' } : {}),
    });
    // Warm-up: JIT, connection pools, the classifier's first runs.
    for (const targets of targetsOf.values()) {
      for (const target of targets) {
        await runClient(clientTarget(target, false), { connections: 8, maxRequests: quick ? 100 : 1000, maxSeconds: 3, stream: false });
        await runClient(clientTarget(target, true), { connections: 8, maxRequests: quick ? 50 : 300, maxSeconds: 3, stream: true });
      }
    }

    const rounds = quick ? 1 : mode === 'zero' ? 3 : 2;
    const seconds = quick ? 1 : 2;
    const watch = () => new Map([...processes].map(([name, child]) => [name, sampleRss(child.pid)]));
    const scenarioPeaks = new Map<string, Record<string, number>>();
    const settle = (watchers: Map<string, { stop(): number }>, scenario: string) => {
      for (const [name, watcher] of watchers) {
        const peak = watcher.stop();
        peaks.set(name, Math.max(peaks.get(name) ?? 0, peak));
        const byScenario = scenarioPeaks.get(name) ?? {};
        byScenario[scenario] = Math.max(byScenario[scenario] ?? 0, peak);
        scenarioPeaks.set(name, byScenario);
      }
    };

    for (const scenario of plan) {
      const targets = targetsOf.get(scenario.id)!;
      const bodyFiles = new Map(targets.map((target) => {
        const file = join(workDir, `body-${mode}-${scenario.id}-${target.name}.json`);
        writeFileSync(file, target.body);
        return [target.name, file] as const;
      }));
      for (const concurrency of scenario.levels) {
        const runs = new Map<TargetName, { distributions: Distribution[]; errors: number; seconds: number }>();
        const watchers = watch();
        for (let round = 0; round < rounds; round++) {
          const order = targets.map((_, index) => targets[(index + round) % targets.length]!);
          for (const target of order) {
            const entry = runs.get(target.name) ?? { distributions: [], errors: 0, seconds: 0 };
            if (options.wrk) {
              const wrkTarget: WrkTarget = { url: target.url, headers: target.headers, bodyFile: bodyFiles.get(target.name)!, ...(target.rotateKeys ? { keysFile: state.keysFile, keyHeader: 'authorization', keyPrefix: 'Bearer ' } : {}) };
              const result = runWrk(options.wrk, wrkTarget, concurrency, seconds, workDir);
              entry.distributions.push(result);
              entry.errors += result.errors.status + result.errors.connect + result.errors.read + result.errors.write + result.errors.timeout;
              entry.seconds += result.seconds;
            } else {
              const result = await runClient(clientTarget(target, false), { connections: concurrency, maxRequests: 1_000_000, maxSeconds: seconds, stream: false });
              entry.distributions.push(distributionOf(result.samplesUs));
              entry.errors += result.errors;
              entry.seconds += result.seconds;
            }
            runs.set(target.name, entry);
          }
        }
        settle(watchers, scenario.id);
        for (const [target, entry] of runs) {
          const pooled = pool(entry.distributions);
          rows.push({ mode: modeName, scenario: scenario.id, measure: 'latency', concurrency, target, errors: entry.errors, requestsPerSecond: Math.round(pooled.requests / entry.seconds), ...summarize(pooled), curve: curve(pooled) });
        }
        const line = [...runs].map(([target]) => {
          const row = rows.findLast((r) => r.target === target && r.scenario === scenario.id && r.concurrency === concurrency)!;
          return `${target} p50 ${(row.p50Us / 1000).toFixed(2)} p99 ${(row.p99Us / 1000).toFixed(2)} ms ${row.requestsPerSecond}/s${row.errors ? ` ERR ${row.errors}` : ''}`;
        });
        log(`  [${modeName}] ${scenario.id} c=${concurrency}: ${line.join(' | ')}`);
      }
      if (mode !== 'zero') continue;
      for (const concurrency of [1, 50]) {
        const samples = new Map<TargetName, { us: number[]; errors: number; seconds: number; firstError?: string }>();
        const watchers = watch();
        for (let round = 0; round < rounds; round++) {
          const order = targets.map((_, index) => targets[(index + round) % targets.length]!);
          for (const target of order) {
            const result = await runClient(clientTarget(target, true), { connections: concurrency, maxRequests: quick ? 200 : concurrency === 1 ? 1500 : 4000, maxSeconds: quick ? 1 : 3, stream: true });
            const entry = samples.get(target.name) ?? { us: [], errors: 0, seconds: 0 };
            entry.us.push(...result.samplesUs);
            entry.errors += result.errors;
            entry.seconds += result.seconds;
            entry.firstError ??= result.firstError;
            samples.set(target.name, entry);
          }
        }
        settle(watchers, scenario.id);
        for (const [target, entry] of samples) {
          const distribution = distributionOf(entry.us);
          rows.push({ mode: modeName, scenario: scenario.id, measure: 'ttfb', concurrency, target, errors: entry.errors, requestsPerSecond: Math.round(entry.us.length / entry.seconds), ...summarize(distribution), curve: curve(distribution) });
          if (entry.errors) log(`  ${target} stream errors: ${entry.errors} (${entry.firstError})`);
        }
        log(`  [${modeName}] ${scenario.id} stream TTFB c=${concurrency}: ${[...samples].map(([t]) => `${t} p50 ${(rows.findLast((r) => r.target === t && r.measure === 'ttfb' && r.scenario === scenario.id)!.p50Us / 1000).toFixed(2)} ms`).join(' | ')}`);
      }
    }
    for (const [name, child] of processes) memory.push({ mode: modeName, target: name, idleKiB: idle.get(name) ?? 0, peakKiB: peaks.get(name) ?? 0, peakByScenarioKiB: scenarioPeaks.get(name) ?? {}, startMs: Math.round(child.startMs) });
    return { scenarios: plan.map(({ id, title, kind, bodyBytes, peer, servedBy }) => ({ id, title, kind, bodyBytes, peer, servedBy })), rows, memory };
  } finally {
    await stopAll();
  }
}

/** Keys for the run: created once in a fresh database the gateways of every mode share. */
export function prepareKeys(workDir: string, count: number) {
  mkdirSync(workDir, { recursive: true });
  const dbPath = join(workDir, 'gateway.db');
  const keysFile = join(workDir, 'keys.txt');
  const keys = createBenchKeys(dbPath, count, keysFile);
  return { keys, keysFile, dbPath, masterKey: MASTER_KEY };
}
