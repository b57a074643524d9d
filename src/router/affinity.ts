/**
 * Tool-loop affinity: the turns of one agent loop stay on the model that started it, so the
 * provider's prompt cache is reused instead of thrown away. Keyed by the agent's session header
 * when it sends one (Claude Code `x-claude-code-session-id`, Codex `session-id`), else by a hash of
 * the conversation's first user message. Bounded: oldest entries are evicted first.
 */
export interface AffinityEntry {
  modelId: string;
  tier: number;
  at: number;
}

export class AffinityStore {
  private readonly entries = new Map<string, AffinityEntry>();

  constructor(
    private readonly ttlMs = 30 * 60_000,
    private readonly maxEntries = 50_000,
  ) {}

  get(key: string, now = Date.now()): AffinityEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, modelId: string, tier: number, now = Date.now()): void {
    this.entries.delete(key); // re-insert so Map order stays oldest-first
    this.entries.set(key, { modelId, tier, at: now });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

const SESSION_HEADERS = ['x-claude-code-session-id', 'session-id', 'x-session-id', 'x-coderouter-session'];

/** The affinity key of a request: agent session header, else the conversation's opening. */
export function affinityKey(headers: Headers | undefined, conversationOpening: string, clientKeyId: string): string {
  if (headers) {
    for (const name of SESSION_HEADERS) {
      const value = headers.get(name);
      if (value) return `${clientKeyId}:${name}:${value}`;
    }
  }
  return `${clientKeyId}:prefix:${Bun.hash(conversationOpening).toString(36)}`;
}
