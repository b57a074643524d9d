/**
 * `bun bench/classifier.bench.ts`: routing-classifier latency on a real Claude Code request
 * (fixtures/captured, its trimmed strings padded back to their original lengths: ~85 KB, 25 tools),
 * feature extraction included; plus model size and load time. Setup stays outside the timed code.
 * Target (issue 4): p99 ≤ 200 µs, model ≤ 5 MB.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bench, run, summary } from 'mitata';
import capture from '../fixtures/captured/claude-code-2.1.197-messages-tool-roundtrip.json';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import { createHeuristicClassifier } from '../src/classifier/heuristic-classifier.ts';
import { createOnnxClassifier, embeddedModelInfo } from '../src/classifier/onnx-classifier.ts';

/** The capture cut long strings to 400 characters and noted the original length: pad them back. */
function restoreOriginalLengths(value: unknown): unknown {
  if (typeof value === 'string') {
    const match = /…\[trimmed; original length (\d+) chars\]$/.exec(value);
    if (!match) return value;
    const kept = value.slice(0, match.index);
    return kept + ' lorem ipsum dolor sit amet'.repeat(Math.ceil((Number(match[1]) - kept.length) / 27)).slice(0, Number(match[1]) - kept.length);
  }
  if (Array.isArray(value)) return value.map(restoreOriginalLengths);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, restoreOriginalLengths(inner)]));
  return value;
}

const body = restoreOriginalLengths(capture.request.body);
/** The same request with a long pasted prompt (a 3 KB stack trace and the ask): the worst case for tokenising. */
const longTrace = Array.from({ length: 40 }, (_, index) => `    at processTicksAndRejections (node:internal/process/task_queues:${95 + index}:5)`).join('\n');
const longBody = structuredClone(body) as { messages: { role: string; content: unknown }[] };
longBody.messages[0]!.content = [
  { type: 'text', text: '<system-reminder>\nToday is 2026-11-24.\n</system-reminder>' },
  { type: 'text', text: `the export job dies after ~20 minutes with this, only in prod:\n\nTypeError: Cannot read properties of undefined (reading 'rows')\n${longTrace}\n\nit started after we moved the batch reader to streams. find the cause and fix it, and add a regression test` },
];
/** The same request asked in Chinese (about 1,000 characters): every character is a word, a pair and n-grams. */
const chineseAsk =
  '订单导出现在是同步的，运营一次导出十万条数据，网关直接超时。请把导出改成异步任务：点导出先返回任务号，后台分批生成文件，生成完在消息中心通知，前端可以查进度和取消。注意同一个用户同时只能有一个导出任务，文件保留七天后自动清理，失败要能重试三次并记录原因。';
const chineseBody = structuredClone(body) as { messages: { role: string; content: unknown }[] };
chineseBody.messages[0]!.content = [
  { type: 'text', text: '<system-reminder>\nToday is 2026-11-24.\n</system-reminder>' },
  { type: 'text', text: chineseAsk.repeat(8) },
];
const headers = new Headers(capture.request.headers as Record<string, string>);
const bodyBytes = JSON.stringify(body).length;

const loadStarted = performance.now();
const onnx = await createOnnxClassifier();
const loadMs = performance.now() - loadStarted;
const heuristic = createHeuristicClassifier();
const model = await embeddedModelInfo();

summary(() => {
  bench('extractFeatures (Claude Code body)', () => extractFeatures({ protocol: 'anthropic', body, headers }));
  bench('extractFeatures + heuristic classify', () => heuristic.classify(extractFeatures({ protocol: 'anthropic', body, headers })));
  bench('extractFeatures + onnx classify', async () => onnx.classify(extractFeatures({ protocol: 'anthropic', body, headers })));
  bench('extractFeatures + onnx classify, 3 KB prompt', async () => onnx.classify(extractFeatures({ protocol: 'anthropic', body: longBody, headers })));
  bench('extractFeatures + onnx classify, 1,000-character Chinese prompt', async () => onnx.classify(extractFeatures({ protocol: 'anthropic', body: chineseBody, headers })));
});

const results = await run();
const micro = (nanoseconds: number) => Math.round(nanoseconds / 10) / 100;
const report = {
  when: new Date().toISOString(),
  request: { bytes: bodyBytes, tools: (body as { tools: unknown[] }).tools.length },
  latencyMicroseconds: Object.fromEntries(
    results.benchmarks.map((trial) => {
      const stats = trial.runs[0]!.stats!;
      return [trial.alias, { p50: micro(stats.p50), p99: micro(stats.p99), avg: micro(stats.avg) }];
    }),
  ),
  model: { name: model.name, version: model.version, sizeBytes: model.sizeBytes },
  loadMs: Math.round(loadMs * 10) / 10,
};
console.log(JSON.stringify(report, null, 2));
mkdirSync(join(import.meta.dir, 'reports'), { recursive: true });
writeFileSync(join(import.meta.dir, 'reports', 'classifier.json'), `${JSON.stringify(report, null, 2)}\n`);
