/**
 * `bun run bench [--quick] [--no-peers] [--no-wrk] [--peers-dir DIR]`: micro-benchmarks of the hot path, load
 * benchmarks against the simulator (zero-latency for overhead, 20 ms for capacity) beside Portkey
 * and claude-code-router, the savings on the eval transcripts, the compiled binary's size and
 * start-up, and a CPU profile; writes bench/reports/latest.{md,json} and SVG charts.
 *
 * `--quick` is the CI smoke test: small counts, no peers, no 20 ms mode, no profile; it still
 * writes the whole report, to bench/reports/quick/. The full run takes about ten minutes and installs the peers itself (npm, into
 * a scratch directory outside the repo). All traffic stays on 127.0.0.1.
 * @see ../../shared/DESIGN.md §5
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { prepareKeys, runLoadMode, type LoadReport } from './load.ts';
import { runMicroBenchmarks } from './micro.ts';
import { profileGateway } from './profile.ts';
import { renderMarkdown } from './render-markdown.ts';
import { writeCharts, type BenchResult, type BinaryReport } from './report.ts';
import { computeSavings } from './savings.ts';
import { startGatewayProcess, startSimulatorProcess, installPeers } from './lib/stack.ts';
import { ensureWrk } from './lib/wrk.ts';

const { values } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    quick: { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
    'no-wrk': { type: 'boolean', default: false },
    'peers-dir': { type: 'string', default: join(tmpdir(), 'cr-peers') },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('bun run bench [--quick] [--no-peers] [--no-wrk] [--peers-dir DIR]   (reports in bench/reports/)');
  process.exit(0);
}
const quick = values.quick!;
const log = (line: string) => console.log(line);
// Quick runs write beside, not over, the committed full report (bench/reports/quick is git-ignored).
const reportsDir = join(import.meta.dir, 'reports', ...(values.quick ? ['quick'] : []));
const REPO = join(import.meta.dir, '..');

/**
 * One benchmark at a time on this machine: two runs on two cores measure each other. A second
 * run waits (up to 30 min) for the first; a lock left by a dead process is taken over.
 */
const LOCK = join(tmpdir(), 'coderouter-bench.lock');
async function acquireLock(): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  let told = false;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      process.on('exit', () => rmSync(LOCK, { force: true }));
      return;
    } catch {
      const holder = Number(readFileSync(LOCK, 'utf8')) || 0;
      let alive = false;
      try {
        alive = holder > 0 && process.kill(holder, 0);
      } catch {
        alive = false;
      }
      if (!alive) {
        rmSync(LOCK, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another benchmark (pid ${holder}) has held ${LOCK} for 30 min`);
      if (!told) log(`another benchmark is running (pid ${holder}); waiting for it to finish…`);
      told = true;
      await Bun.sleep(2000);
    }
  }
}
await acquireLock();
const started = performance.now();
const workDir = mkdtempSync(join(tmpdir(), 'coderouter-bench-'));

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  bun: Bun.version,
  node: spawnSync('node', ['--version'], { encoding: 'utf8' }).stdout?.trim() || 'not found',
  loadAverageBefore: loadavg(),
  loadAverageAfter: [] as number[],
};
const git = (args: string[]) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
const gateway = { commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown', srcDirty: git(['status', '--porcelain', '--', 'src']).length > 0 };

async function measureBinary(simulatorUrl: string, starts: number): Promise<BinaryReport | { skipped: string }> {
  const path = join(REPO, 'dist', 'coderouter');
  if (!existsSync(path)) return { skipped: 'dist/coderouter not built (run `bun run build` first)' };
  const times: number[] = [];
  let idleRssKiB = 0;
  for (let index = 0; index < starts; index++) {
    const empty = mkdtempSync(join(workDir, 'binary-'));
    const child = await startGatewayProcess({ workDir, simulatorUrl, dbPath: join(empty, 'gateway.db'), name: 'binary', binary: path, cwd: empty });
    times.push(Math.round(child.startMs * 10) / 10);
    idleRssKiB = child.rssKiB();
    await child.stop();
  }
  return { path: 'dist/coderouter', sizeBytes: statSync(path).size, startToFirstResponseMs: times, idleRssKiB };
}

try {
  log(`CodeRouter benchmarks (${quick ? 'quick' : 'full'}), work directory ${workDir}`);
  const micro = await runMicroBenchmarks({ quick, log });
  log('savings on the eval transcripts…');
  const savings = await computeSavings({ quick });
  log(`  ${savings.strategies.map((s) => `${s.strategy}: saves ${(s.savingsVsOpus * 100).toFixed(1)}% vs Opus, under-routing ${(s.underRoutingRate * 100).toFixed(1)}%`).join(' | ')}`);

  const wrk = values['no-wrk'] ? undefined : ensureWrk(log);
  if (!wrk) log(`${values['no-wrk'] ? '--no-wrk' : 'wrk is unavailable (not installed, not root)'}: the Bun client drives the non-stream load instead`);
  const peersSkipped: string[] = [];
  let peers: { dir: string } | { skipped: string };
  if (quick || values['no-peers']) {
    peers = { skipped: quick ? 'quick mode' : '--no-peers' };
    peersSkipped.push(`Portkey and claude-code-router: ${peers.skipped}`);
  } else {
    const installed = installPeers(values['peers-dir']!, log);
    peers = installed.ok ? { dir: values['peers-dir']! } : { skipped: installed.error ?? 'install failed' };
    if (!installed.ok) peersSkipped.push(`Portkey and claude-code-router: ${installed.error}`);
  }

  const keys = prepareKeys(workDir, quick ? 200 : 1000);
  const options = { quick, workDir, wrk, peers, log };
  log('load: zero-latency upstream (overhead)…');
  const zero = await runLoadMode('zero', options, keys);
  const capacity = quick ? { scenarios: [], rows: [], memory: [] } : (log('load: 20 ms upstream (capacity)…'), await runLoadMode('capacity', options, keys));
  const load: LoadReport = {
    tool: wrk ? `wrk ${spawnSync(wrk, ['-v'], { encoding: 'utf8' }).stdout.split('\n')[0]?.replace(/\s*\[.*$/, '').replace(/^wrk /, '') ?? ''}` : 'Bun fetch client (wrk unavailable)',
    keys: keys.keys.length,
    scenarios: zero.scenarios,
    rows: [...zero.rows, ...capacity.rows],
    memory: [...zero.memory, ...capacity.memory],
    peersSkipped,
  };

  log('compiled binary: size and start-up…');
  const simulator = await startSimulatorProcess(workDir, 0);
  const binary = await measureBinary(simulator.url, quick ? 1 : 5).finally(() => simulator.stop());
  const profile = quick || !wrk
    ? { skipped: quick ? 'skipped in quick mode' : 'needs wrk' }
    : (log('CPU profiles of the gateway under load…'), [
        await profileGateway({ wrk, workDir, keysFile: keys.keysFile, dbPath: keys.dbPath, scenario: 'openai-passthrough', seconds: 6, connections: 50 }),
        await profileGateway({ wrk, workDir, keysFile: keys.keysFile, dbPath: keys.dbPath, scenario: 'claude-code-routed', seconds: 6, connections: 50 }),
      ]);
  machine.loadAverageAfter = loadavg();
  const result: BenchResult = { when: new Date().toISOString(), quick, machine, gateway, micro, load, savings, binary, profile, seconds: (performance.now() - started) / 1000 };
  mkdirSync(reportsDir, { recursive: true });
  const charts = writeCharts(result, reportsDir);
  writeFileSync(join(reportsDir, 'latest.json'), `${JSON.stringify(result, null, 1)}\n`);
  writeFileSync(join(reportsDir, 'latest.md'), renderMarkdown(result, charts));
  const shown = quick ? 'bench/reports/quick' : 'bench/reports';
  log(`\nreport: ${shown}/latest.md (${charts.length} charts), ${shown}/latest.json — ${Math.round(result.seconds)} s`);
  rmSync(workDir, { recursive: true, force: true });
} catch (error) {
  console.error(`bench failed: ${(error as Error).stack ?? error}\nlogs kept in ${workDir}`);
  process.exit(1);
}
