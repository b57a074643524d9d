/**
 * Where the time goes under load: the gateway runs under `bun --cpu-prof` while wrk drives one
 * scenario, then the Chrome-format profile is folded into self time per function and per source
 * area (our modules by folder, Bun's runtime, dependencies).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadClaudeCodeRequest, loadSmallOpenAIRequest } from './lib/scenarios.ts';
import { startGatewayProcess, startSimulatorProcess } from './lib/stack.ts';
import { runWrk } from './lib/wrk.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  selfPercent: number;
}

export interface ProfileReport {
  scenario: string;
  seconds: number;
  requests: number;
  sampledMs: number;
  byArea: ProfileEntry[];
  byFunction: ProfileEntry[];
  /** Self time charged to the nearest of our own functions on the stack (what it calls included). */
  byOwnFunction: ProfileEntry[];
}

const REPO = join(import.meta.dir, '..');

/** Which part of the system a frame belongs to: `src/<folder>`, a dependency, or the runtime. */
function areaOf(url: string, name: string): string {
  if (!url) return name === '(garbage collector)' ? 'GC' : name === '(idle)' || name === '(program)' ? name : 'runtime (native)';
  const path = url.replace(/^file:\/\//, '');
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (dependency) return `dependency: ${dependency[1]}`;
  if (path.startsWith(REPO)) {
    const inside = relative(REPO, path).split('/');
    return inside[0] === 'src' ? `src/${inside[1]?.replace(/\.ts$/, '')}` : inside[0]!;
  }
  return path.startsWith('node:') || path.startsWith('bun:') || !path.startsWith('/') ? 'runtime (js builtins)' : path;
}

const frameName = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${relative(REPO, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : 'native';
  return `${functionName || '(anonymous)'} (${where})`;
};

/** For each node, the nearest frame (itself or an ancestor) in src/. */
function nearestOwnFrame(profile: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const memo = new Map<number, string>();
  const own = (id: number): string => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const up = parent.get(id);
    const answer = node.callFrame.url.includes(`${REPO}/src/`) ? frameName(node) : up === undefined ? '(no CodeRouter frame: event loop, HTTP server, GC)' : own(up);
    memo.set(id, answer);
    return answer;
  };
  for (const node of profile.nodes) own(node.id);
  return memo;
}

function fold(profile: CpuProfile, keyOf: (node: ProfileNode) => string): ProfileEntry[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    const name = node?.callFrame.functionName ?? '';
    if (!node || name === '(idle)') return;
    const delta = profile.timeDeltas[index] ?? 0;
    all += delta;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + delta);
  });
  return [...totals]
    .map(([name, time]) => ({ name, selfPercent: Math.round((time / Math.max(1, all)) * 1000) / 10 }))
    .sort((a, b) => b.selfPercent - a.selfPercent);
}

/** Profiles the gateway under `connections` concurrent routed Claude Code requests (or the small passthrough one). */
export async function profileGateway(options: { wrk: string; workDir: string; keysFile: string; dbPath: string; scenario: 'claude-code-routed' | 'openai-passthrough'; seconds: number; connections: number }): Promise<ProfileReport> {
  const simulator = await startSimulatorProcess(options.workDir, 0);
  const profileDir = join(options.workDir, 'cpu-profile');
  const gateway = await startGatewayProcess({ workDir: options.workDir, simulatorUrl: simulator.url, dbPath: options.dbPath, name: 'coderouter-profiled', runtimeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] });
  let requests = 0;
  try {
    const claudeCode = loadClaudeCodeRequest();
    const body = options.scenario === 'claude-code-routed' ? { ...claudeCode.body, model: 'auto', stream: false } : { ...loadSmallOpenAIRequest().body, model: 'deepseek-chat' };
    const bodyFile = join(options.workDir, `profile-body.json`);
    writeFileSync(bodyFile, JSON.stringify(body));
    const headers = options.scenario === 'claude-code-routed' ? { 'content-type': 'application/json', ...claudeCode.headers } : { 'content-type': 'application/json' };
    const path = options.scenario === 'claude-code-routed' ? '/v1/messages' : '/v1/chat/completions';
    const result = runWrk(options.wrk, { url: `${gateway.url}${path}`, headers, bodyFile, keysFile: options.keysFile, keyHeader: 'authorization', keyPrefix: 'Bearer ' }, options.connections, options.seconds, options.workDir);
    requests = result.requests;
  } finally {
    await gateway.stop();
    await simulator.stop();
  }
  const file = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile')).sort().at(-1);
  if (!file) throw new Error(`no .cpuprofile written in ${profileDir}`);
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
  const ownFrames = nearestOwnFrame(profile);
  const sampledMs = profile.timeDeltas.reduce((total, delta) => total + delta, 0) / 1000;
  return {
    scenario: options.scenario,
    seconds: options.seconds,
    requests,
    sampledMs: Math.round(sampledMs),
    byArea: fold(profile, (node) => areaOf(node.callFrame.url, node.callFrame.functionName)).slice(0, 14),
    byFunction: fold(profile, (node) => `${frameName(node)} ← ${ownFrames.get(node.id)!.replace(/ \(src\/.*$/, '')}`).slice(0, 15),
    byOwnFunction: fold(profile, (node) => ownFrames.get(node.id)!).slice(0, 15),
  };
}
