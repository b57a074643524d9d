import { describe, expect, test } from 'bun:test';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFeatures } from '../src/classifier/extract-features.ts';
import { buildDataset, GENERAL_AGENTS, isSwappable, loadPromptRecords, normaliseId, sourceGroup, splitOfGroup, SPLITS, type Transcript, wrapRecord, wrapRecordAs } from './build-dataset.ts';
import type { PromptRecord } from './envelopes/envelope-kit.ts';

const AGENTS = ['claude-code', 'codex', 'aider', 'aider-architect', 'aider-editor', 'cline', 'continue', 'cursor', 'openclaw', 'windsurf', 'sdk-openai', 'sdk-anthropic'];
const labels = { taskType: 'bug_fix', complexity: 'medium', phase: 'editing' } as const;

function record(id: string, agent: string, extra: Partial<PromptRecord> = {}): PromptRecord {
  return { id, agent, kind: 'turn', user: `fix the crash in parser ${id}`, labels, ...extra };
}

function fixturePrompts(): string {
  const directory = mkdtempSync(join(tmpdir(), 'prompts-'));
  for (const writer of ['w2', 'w3', 'WRITER']) {
    const lines = Array.from({ length: 260 }, (_, index) => record(`${writer}-${String(index + 1).padStart(4, '0')}`, AGENTS[index % AGENTS.length]!, index % 7 === 0 ? { toolLoop: { tool: 'Bash', input: { command: 'npm test' }, output: 'FAIL' } } : {}));
    writeFileSync(join(directory, `${writer}.jsonl`), `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"id": "partial`);
  }
  mkdirSync(join(directory, 'labels-b'));
  writeFileSync(join(directory, 'labels-b', 'b.jsonl'), `${JSON.stringify({ id: 'w2-0001', labels: { ...labels, complexity: 'high' } })}\n${JSON.stringify({ id: 'w2-0002', labels })}\n`);
  writeFileSync(join(directory, 'adjudicated.jsonl'), `${JSON.stringify({ id: 'w2-0001', labels: { ...labels, complexity: 'high' } })}\n`);
  return directory;
}

const readSplit = (directory: string, split: string) => readFileSync(join(directory, `${split}.jsonl`), 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Transcript);

describe('buildDataset', () => {
  const prompts = fixturePrompts();
  const first = mkdtempSync(join(tmpdir(), 'labelled-'));
  const manifest = buildDataset(prompts, first);
  const splits = Object.fromEntries(SPLITS.map((split) => [split, readSplit(first, split)])) as Record<string, Transcript[]>;

  test('every record lands in exactly one split, the partial line is skipped, the odd writer becomes w1', () => {
    const ids = SPLITS.flatMap((split) => splits[split]!.map((line) => line.id));
    expect(ids.length).toBe(780);
    expect(new Set(ids).size).toBe(780);
    expect(ids.some((id) => id.startsWith('w1-'))).toBe(true);
    expect(ids.some((id) => id.startsWith('WRITER'))).toBe(false);
  });

  test('no source group straddles two splits, and all three splits are used', () => {
    const splitOf = new Map<string, string>();
    for (const split of SPLITS) {
      expect(splits[split]!.length).toBeGreaterThan(0);
      for (const line of splits[split]!) {
        expect(splitOf.get(line.source) ?? split).toBe(split);
        splitOf.set(line.source, split);
      }
    }
  });

  test('adjudicated labels win over the writer; agreement with the second labeller is reported', () => {
    const adjudicated = SPLITS.flatMap((split) => splits[split]!).find((line) => line.id === 'w2-0001')!;
    expect(adjudicated.labels.complexity).toBe('high');
    expect(manifest.labelAgreement.secondLabeller).toMatchObject({ compared: 2, taskType: 1, complexity: 0.5, allThree: 0.5 });
  });

  test('deterministic: a second build writes the same bytes', () => {
    const second = mkdtempSync(join(tmpdir(), 'labelled-'));
    buildDataset(prompts, second);
    for (const split of SPLITS) expect(readFileSync(join(second, `${split}.jsonl`), 'utf8')).toBe(readFileSync(join(first, `${split}.jsonl`), 'utf8'));
  });
});

describe('buildDataset with translations', () => {
  const prompts = fixturePrompts();
  const translation = (id: string, from: string) => ({ ...record(id, 'claude-code', { user: `修复解析器的崩溃 ${from}` }), labels: { ...labels, complexity: 'low' }, translatedFrom: from });
  writeFileSync(join(prompts, 'w9.jsonl'), `${[translation('w9-0001', 'w2-0001'), translation('w9-0002', 'w3-0140'), translation('w9-0003', 'w2-9999')].map((line) => JSON.stringify(line)).join('\n')}\n`);
  const output = mkdtempSync(join(tmpdir(), 'labelled-'));
  const manifest = buildDataset(prompts, output);
  const lines = SPLITS.flatMap((split) => readSplit(output, split).map((line) => ({ ...line, split })));
  const byId = new Map(lines.map((line) => [line.id, line]));

  test("a translation lands in its original's source group and split, with the original's final labels", () => {
    for (const [copy, original] of [['w9-0001', 'w2-0001'], ['w9-0002', 'w3-0140']] as const) {
      expect(byId.get(copy)!.source).toBe(byId.get(original)!.source);
      expect(byId.get(copy)!.split).toBe(byId.get(original)!.split);
      expect(byId.get(copy)!.labels).toEqual(byId.get(original)!.labels);
    }
    // w2-0001's adjudicated complexity, not the translator's copy.
    expect(byId.get('w9-0001')!.labels.complexity).toBe('high');
  });

  test('a translation of a record that does not exist is skipped, and translations are counted', () => {
    expect(byId.has('w9-0003')).toBe(false);
    expect(manifest.skipped).toContain('w9-0003');
    expect(manifest.translations).toBe(2);
  });
});

test('ids and groups', () => {
  expect(normaliseId('WRITER-0042')).toBe('w1-0042');
  expect(normaliseId('w3-0042')).toBe('w3-0042');
  expect(sourceGroup('w3-0050')).toBe('w3/batch-01');
  expect(sourceGroup('w3-0051')).toBe('w3/batch-02');
  expect(splitOfGroup('w3/batch-02')).toBe(splitOfGroup('w3/batch-02'));
});

test('every agent envelope reads back with the user text as the intent', () => {
  for (const agent of AGENTS) {
    const envelope = wrapRecord(record('w9-0001', agent, { history: [{ role: 'user', text: 'earlier question' }, { role: 'assistant', text: 'earlier answer' }] }));
    const features = extractFeatures({ protocol: envelope.protocol, body: envelope.request });
    expect(features.intentText).toContain('fix the crash in parser w9-0001');
    expect(features.previousUserText).toContain('earlier question');
  }
});

test("a general agent's user turn re-wrapped as every other general agent: that agent's request, the same intent (training's envelope swap)", () => {
  const turn = record('w9-0002', 'cursor', { toolLoop: { tool: 'Bash', input: { command: 'npm test' }, output: 'FAIL parser.test.ts' } });
  expect(isSwappable(turn)).toBe(true);
  const agentsSeen = new Set<string>();
  for (const agent of GENERAL_AGENTS) {
    const envelope = wrapRecordAs(turn, agent);
    const features = extractFeatures({ protocol: envelope.protocol, body: envelope.request });
    expect(envelope.agent).toBe(agent);
    expect(features.intentText).toContain('fix the crash in parser w9-0002');
    expect(features.isToolResultTurn).toBe(true);
    agentsSeen.add(features.agent);
  }
  // Each envelope is recognised as its agent (the two SDKs as plain calls), so the swap really changes the wrapping.
  expect([...agentsSeen].sort()).toEqual(['claude-code', 'cline', 'codex', 'continue', 'cursor', 'openclaw', 'sdk', 'windsurf']);
  // Agent-specific prompts and housekeeping keep their own agent.
  expect(isSwappable(record('w9-0003', 'aider-editor'))).toBe(false);
  expect(isSwappable(record('w9-0004', 'claude-code', { kind: 'title' }))).toBe(false);
});

test("loadPromptRecords reads the writers' files by normalised id, not the adjudications", () => {
  const records = loadPromptRecords(fixturePrompts());
  expect(records.size).toBe(780);
  expect(records.get('w1-0001')?.id).toBe('w1-0001');
  expect(records.get('w2-0001')?.labels.complexity).toBe('medium');
});
