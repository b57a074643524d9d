import type { Agent, HousekeepingKind } from './types.ts';

/**
 * Which agent sent a request, from the marks each one leaves: its system prompt's opening lines,
 * then its headers. Markers are fixed substrings of the agents' published prompts (see
 * fixtures/labelled/README.md for where each comes from), so a match is cheap and unambiguous.
 */
const SYSTEM_MARKERS: readonly (readonly [string, Agent])[] = [
  ['x-anthropic-billing-header', 'claude-code'],
  ["Anthropic's Claude Agent SDK", 'claude-code'],
  ['You are Claude Code', 'claude-code'],
  ['Codex CLI', 'codex'],
  ['You are Codex', 'codex'],
  // Aider's modes open with these; a user's own "Act as an expert Python developer" must not match.
  ['Act as an expert software developer', 'aider'],
  ['Act as an expert architect engineer', 'aider'],
  ['*SEARCH/REPLACE block*', 'aider'],
  ['one-line Git commit messages', 'aider'],
  ['*Briefly* summarize this partial conversation about programming', 'aider'],
  ['You are Cline', 'cline'],
  ['<important_rules>', 'continue'],
  ['You operate exclusively in Cursor', 'cursor'],
  ['You are Cascade', 'windsurf'],
  ['running inside OpenClaw', 'openclaw'],
];

/** How far into the system prompt markers are looked for: they all sit in the opening lines. */
const MARKER_WINDOW = 2500;

export function detectAgent(systemText: string, headers?: Headers): Agent {
  const head = systemText.length > MARKER_WINDOW ? systemText.slice(0, MARKER_WINDOW) : systemText;
  for (const [marker, agent] of SYSTEM_MARKERS) if (head.includes(marker)) return agent;
  if (headers) {
    const userAgent = headers.get('user-agent') ?? '';
    if (userAgent.startsWith('claude-cli/') || headers.get('x-app') === 'cli') return 'claude-code';
    if (userAgent.startsWith('codex_') || headers.get('originator')?.startsWith('codex')) return 'codex';
    const title = headers.get('x-title') ?? '';
    if (/cline/i.test(title)) return 'cline';
    if (/aider/i.test(title) || /aider/i.test(userAgent)) return 'aider';
  }
  return 'sdk';
}

/** Aider's architect / editor split, from the system prompt each mode sends. */
export function detectAiderMode(systemText: string): 'architect' | 'editor' | null {
  if (systemText.startsWith('Act as an expert architect engineer')) return 'architect';
  if (systemText.startsWith('Act as an expert software developer who edits source code')) return 'editor';
  return null;
}

/**
 * The agents' own background calls, recognised by the instructions they send (in the system prompt,
 * or, for compaction, in the last user message). Only instruction text is searched, never what the
 * user typed, so "write a title for my blog post" stays a user request.
 */
const HOUSEKEEPING_MARKERS: readonly (readonly [RegExp, HousekeepingKind])[] = [
  [/command prefix detection|determine the command prefix/i, 'bash-prefix'],
  [/Generate a concise, sentence-case title|short kebab-case name|generate a (?:short |concise )?(?:chat |conversation |session )?title/i, 'title'],
  [/new conversation topic/i, 'topic-check'],
  [/tasked with summarizing conversations|create a detailed summary of the conversation|CONTEXT CHECKPOINT COMPACTION|condense the conversation/i, 'compaction'],
  [/Summarize this coding conversation in under|\*Briefly\* summarize this partial conversation|write a (?:one-line |short )?summary of (?:this|the) (?:conversation|session)/i, 'summary'],
  [/one-line Git commit messages|generate a (?:concise )?commit message|write a commit message for the (?:following|staged) (?:diff|changes)/i, 'commit-message'],
];

const INSTRUCTION_WINDOW = 1500;

export function detectHousekeeping(systemText: string, lastUserText: string, hasTools: boolean): HousekeepingKind | null {
  // Side calls offer no tools and carry a short system prompt: the agents' main prompts (long, with
  // tools) mention titles and summaries too, and must never match.
  if (!hasTools && systemText.length < INSTRUCTION_WINDOW * 2) {
    const system = systemText;
    for (const [pattern, kind] of HOUSEKEEPING_MARKERS) if (pattern.test(system)) return kind;
  }
  const tail = lastUserText.length > INSTRUCTION_WINDOW ? lastUserText.slice(0, INSTRUCTION_WINDOW) : lastUserText;
  if (/^\s*(?:Your task is to create a detailed summary of the conversation so far|You are performing a CONTEXT CHECKPOINT COMPACTION)/.test(tail)) {
    return 'compaction';
  }
  return null;
}
