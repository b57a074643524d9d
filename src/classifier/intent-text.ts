import type { Agent } from './types.ts';

/**
 * The agents wrap what the developer typed in context blocks of their own. These are removed whole:
 * reminders, environment snapshots, attached-file dumps, instructions files.
 */
const REMOVED_BLOCKS =
  /<(system-reminder|environment_context|environment_details|additional_data|attached_files|user_info|user_information|custom_instructions|user_instructions|file_content|additional_metadata|project_layout|memories|rules|context_window_usage|ide_selection|ide_opened_file)\b[^>]*>[\s\S]*?<\/\1>/g;

/** Blocks whose inside *is* the developer's text (Cline's task, Cursor's query…): kept, tags dropped. */
const UNWRAPPED_TAGS = /<\/?(task|user_query|user_request|feedback|answer|command-args)>/g;

/** Claude Code's slash-command echo lines, and OpenClaw's channel envelope `[Telegram Ana +2m 2026-…]`. */
const COMMAND_ECHO = /<(command-name|command-message|local-command-stdout)>[\s\S]*?<\/\1>/g;
const CHANNEL_ENVELOPE = /^\[(?:WhatsApp|Telegram|Slack|Discord|Signal|iMessage|WebChat|Google Chat|Teams|Matrix)\b[^\]\n]{0,120}\]\s*/;

/** Continue puts each context item as a fenced block whose info string is a path, before the question. */
const LEADING_PATH_FENCE = /^\s*```[^\n`]*[./][^\n`]*\n[\s\S]*?\n```\s*/;

/** Aider's context messages (repo map, added files) and Codex's instructions file are not requests. */
const CONTEXT_MESSAGE_OPENINGS = [
  'Here are summaries of some files present in my git repository',
  'I have *added these files to the chat*',
  'I am not sharing any files that you can edit yet',
  'Here are some READ ONLY files',
  'I switched to a new code base',
  '# AGENTS.md instructions for',
];

/** Agents' context blocks that Codex and others send as a message of their own. */
const CONTEXT_ONLY_OPENING = /^\s*<(environment_context|user_instructions|environment_details)>/;

/**
 * Whether a user message is only agent context (an instructions file, a repo map, one environment
 * snapshot) rather than something the developer said. Such messages are not turns of the
 * conversation. A block followed by anything but whitespace is not context only: the developer's
 * words may follow it.
 */
export function isContextOnlyMessage(text: string): boolean {
  for (const opening of CONTEXT_MESSAGE_OPENINGS) if (text.startsWith(opening)) return true;
  if (text.length === 0 || text.charCodeAt(0) > 0x3c) return false;
  const tag = CONTEXT_ONLY_OPENING.exec(text)?.[1];
  if (!tag) return false;
  const close = `</${tag}>`;
  const end = text.indexOf(close);
  return end !== -1 && text.slice(end + close.length).trim() === '';
}

/**
 * The developer's own text inside one user message, wrappers removed. Returns '' for a message
 * that is only agent context (a reminder, an environment block, a file listing), so the caller can
 * look further back for the real request.
 */
export function extractIntentText(text: string, agent: Agent): string {
  if (text.length === 0 || isContextOnlyMessage(text)) return '';
  let intent = text;
  if (intent.includes('<')) {
    intent = intent.replace(REMOVED_BLOCKS, '').replace(COMMAND_ECHO, '').replace(UNWRAPPED_TAGS, '');
  }
  if (agent === 'openclaw') intent = intent.replace(CHANNEL_ENVELOPE, '');
  if (agent === 'continue') {
    while (LEADING_PATH_FENCE.test(intent)) intent = intent.replace(LEADING_PATH_FENCE, '');
  }
  return intent.trim();
}

/**
 * Tool results that agents send as user text: Cline's `[read_file for 'src/a.ts'] Result:`, Aider's
 * `/run` output and its lint-fix prompt.
 */
export function isTextToolResult(text: string, agent: Agent): boolean {
  // The bracket holds the tool's argument verbatim (a command may contain `]`), so match lazily up to `] Result:`.
  if (agent === 'cline') return text.startsWith('[') && /^\[[a-z_]+(?: for [\s\S]{0,600}?)?\] Result:/.test(text.slice(0, 700));
  if (agent === 'aider') return text.startsWith('I ran this command:') || text.startsWith('# Fix any errors below');
  return false;
}

const FEEDBACK = /<(feedback|answer)>\s*([\s\S]*?)\s*<\/\1>/;

/** The user's words inside an agent's tool result (Cline's `<feedback>` / `<answer>`), or ''. */
export function extractFeedback(text: string): string {
  if (!text.includes('<feedback>') && !text.includes('<answer>')) return '';
  return FEEDBACK.exec(text)?.[2] ?? '';
}

/** Counts fenced code blocks (pairs of ``` fences). */
export function countCodeBlocks(text: string): number {
  let fences = 0;
  let index = text.indexOf('```');
  while (index !== -1) {
    fences++;
    index = text.indexOf('```', index + 3);
  }
  return fences >> 1;
}

const STACK_TRACE =
  /Traceback \(most recent call last\)|\n\s+at [\w$.<>\[\]/ ]+[(:]|panicked at|Exception in thread|\bgoroutine \d+ \[|\n\s+File "[^"]+", line \d+|^\s*#\d+ 0x[0-9a-f]+|(?:Error|Exception):.*\n\s+at |Segmentation fault|stack backtrace:/m;
const DIFF = /^(?:diff --git |@@ -\d+(?:,\d+)? \+\d+|--- a\/|\+\+\+ b\/|<<<<<<< SEARCH)/m;

export function hasStackTrace(text: string): boolean {
  return STACK_TRACE.test(text);
}

export function hasDiff(text: string): boolean {
  return DIFF.test(text);
}
