import type { Complexity, Phase, TaskType } from '../../src/config/config-schema.ts';
import type { Protocol } from '../../src/protocols/protocol.ts';

/** One raw labelled prompt, as the writers produce it (fixtures/prompts/FORMAT.md). */
export interface PromptRecord {
  id: string;
  agent: string;
  kind: 'turn' | 'title' | 'summary' | 'compaction' | 'bash-prefix' | 'commit-message' | 'topic-check';
  user: string;
  files?: { path: string; content: string }[];
  history?: { role: 'user' | 'assistant'; text: string }[];
  toolLoop?: { tool: string; input: Record<string, unknown>; output: string };
  labels: { taskType: TaskType; complexity: Complexity; phase: Phase };
  /** A rewrite in another language of this record (its id): same source group, and its final labels. */
  translatedFrom?: string;
}

/** A request as the gateway receives it from that agent. */
export interface Envelope {
  agent: string;
  protocol: Protocol;
  request: Record<string, unknown>;
}

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  static fromText(text: string, seed: number): Random {
    let hash = 0x811c9dc5 ^ seed;
    for (let index = 0; index < text.length; index++) hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
    return new Random(hash >>> 0);
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  id(length = 24): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let text = '';
    for (let index = 0; index < length; index++) text += alphabet[this.int(alphabet.length)];
    return text;
  }
  uuid(): string {
    const hex = () => this.int(16).toString(16);
    const part = (n: number) => Array.from({ length: n }, hex).join('');
    return `${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
  }
}

const PROJECT_NAMES = ['api', 'web', 'app', 'platform', 'billing-service', 'dashboard', 'monorepo', 'backend', 'infra', 'mobile', 'data-pipeline', 'cli', 'site', 'core'];
const USERS = ['alex', 'sam', 'priya', 'dev', 'jmartin', 'kenji', 'olga', 'lucas', 'fatima', 'tom'];

export function projectDirectory(random: Random): string {
  const root = random.pick(['/home', '/Users', '/workspace', '/home']);
  if (root === '/workspace') return `/workspace/${random.pick(PROJECT_NAMES)}`;
  return `${root}/${random.pick(USERS)}/${random.pick(['code', 'src', 'projects', 'work', 'dev'])}/${random.pick(PROJECT_NAMES)}`;
}

export function currentDate(random: Random): string {
  const day = 1 + random.int(28);
  const month = 1 + random.int(11);
  return `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function languageOf(path: string): string {
  const extension = path.split('.').pop() ?? '';
  const known: Record<string, string> = { ts: 'typescript', tsx: 'tsx', js: 'javascript', py: 'python', rs: 'rust', go: 'go', java: 'java', rb: 'ruby', kt: 'kotlin', c: 'c', h: 'c', cpp: 'cpp', cs: 'csharp', sql: 'sql', yml: 'yaml', yaml: 'yaml', sh: 'bash', dart: 'dart', swift: 'swift', php: 'php' };
  return known[extension] ?? '';
}

/** The user's text with attached files pasted after it as fenced blocks (what a plain SDK user does). */
export function pasteFiles(text: string, files: PromptRecord['files']): string {
  if (!files?.length) return text;
  return `${text}\n\n${files.map((file) => `${file.path}:\n\`\`\`${languageOf(file.path)}\n${file.content}\n\`\`\``).join('\n\n')}`;
}

export function shellCommandOf(input: Record<string, unknown>): string {
  for (const key of ['command', 'cmd', 'script']) if (typeof input[key] === 'string') return input[key] as string;
  return JSON.stringify(input);
}
