import claudeCodeCapture from '../../fixtures/captured/claude-code-2.1.197-messages-tool-roundtrip.json';
import * as prompts from './agent-prompts.ts';
import { currentDate, type Envelope, pasteFiles, projectDirectory, type PromptRecord, type Random } from './envelope-kit.ts';

/**
 * Claude Code and plain Anthropic SDK requests (Messages API). Claude Code's envelope is modelled
 * on the captured 2.1.197 request: billing header and identity system blocks, its tool list (names,
 * descriptions shortened to keep examples small), a `<system-reminder>` before the user's text, a
 * `role: "system"` entry inside messages, thinking / context_management / output_config fields.
 */
type Block = Record<string, unknown>;
const captured = claudeCodeCapture.request.body as unknown as {
  system: { text: string }[];
  messages: { role: string; content: unknown }[];
  tools: { name: string; description: string; input_schema: { required?: string[]; properties: unknown } }[];
};

const untrim = (text: string) => text.replace(/…\[trimmed; original length \d+ chars\]/, '');
const MAIN_PROMPT = untrim(captured.system[2]!.text);
const AGENT_TYPES = untrim(String(captured.messages[1]!.content));
const TOOLS = captured.tools.map((tool) => {
  const names = Array.isArray(tool.input_schema.properties) ? (tool.input_schema.properties as string[]) : Object.keys(tool.input_schema.properties as object);
  return {
    name: tool.name,
    description: untrim(tool.description).slice(0, 100),
    input_schema: {
      type: 'object',
      properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])),
      required: tool.input_schema.required ?? [],
      additionalProperties: false,
      $schema: 'http://json-schema.org/draft-07/schema#',
    },
  };
});
const MODELS = ['claude-opus-4-8', 'claude-sonnet-4-6', 'claude-opus-4-8', 'claude-sonnet-4-6[1m]'];
const SMALL_MODELS = ['claude-haiku-4-5', 'claude-haiku-4-5-20251001'];

function billingHeader(random: Random): Block {
  return { type: 'text', text: `x-anthropic-billing-header: cc_version=2.1.${190 + random.int(8)}.${random.id(3)}; cc_entrypoint=${random.pick(['cli', 'sdk-cli', 'cli'])};` };
}

function environmentBlock(random: Random, directory: string): string {
  return `\n# Environment\nYou have been invoked in the following environment:\n - Primary working directory: ${directory}\n - Is a git repository: ${random.chance(0.85)}\n - Platform: ${random.pick(['linux', 'darwin'])}\n - Shell: ${random.pick(['bash', 'zsh'])}\n - OS Version: ${random.pick(['Linux 6.8.0-48-generic', 'Darwin 25.1.0', 'Linux 6.1.0-27-amd64'])}`;
}

function reminder(random: Random, date: string): Block {
  const claudeMd = random.chance(0.4)
    ? `# claudeMd\nCodebase and user instructions are shown below.\n\nContents of ${random.pick(['CLAUDE.md', '.claude/CLAUDE.md'])} (project instructions, checked into the codebase):\n\n- Run \`${random.pick(['npm test', 'pnpm test', 'pytest -q', 'cargo test', 'go test ./...'])}\` before committing\n- Prefer small focused commits\n\n`
    : '';
  return {
    type: 'text',
    text: `<system-reminder>\nAs you answer the user's questions, you can use the following context:\n${claudeMd}# currentDate\nToday's date is ${date}.\n\n      IMPORTANT: this context may or may not be relevant to your tasks. You should not respond to this context unless it is highly relevant to your task.\n</system-reminder>\n`,
  };
}

/** Files the user @-mentioned: Claude Code inlines a Read call and its result as reminders. */
function mentionedFiles(record: PromptRecord, directory: string): Block[] {
  return (record.files ?? []).map((file) => ({
    type: 'text',
    text: `<system-reminder>\nCalled the Read tool with the following input: {"file_path":"${directory}/${file.path}"}\n</system-reminder>\n<system-reminder>\nResult of calling the Read tool: "${file.content
      .split('\n')
      .map((line, index) => `${String(index + 1).padStart(6)}→${line}`)
      .join('\n')}"\n</system-reminder>`,
  }));
}

function claudeCodeTurn(record: PromptRecord, random: Random): Envelope {
  const directory = projectDirectory(random);
  const date = currentDate(random);
  const messages: { role: string; content: unknown }[] = [];
  const history = record.history ?? [];
  history.forEach((turn, index) => {
    if (turn.role === 'user') messages.push({ role: 'user', content: index === 0 ? [reminder(random, date), { type: 'text', text: turn.text }] : [{ type: 'text', text: turn.text }] });
    else messages.push({ role: 'assistant', content: [{ type: 'text', text: turn.text }] });
    if (index === 0) messages.push({ role: 'system', content: AGENT_TYPES });
  });
  const opening = history.length === 0 ? [reminder(random, date)] : [];
  if (history.length > 0 && random.chance(0.5)) opening.push({ type: 'text', text: '<system-reminder>\nThe TodoWrite tool hasn\'t been used recently. If you\'re working on tasks that would benefit from tracking progress, consider using it.\n</system-reminder>' });
  messages.push({ role: 'user', content: [...opening, ...mentionedFiles(record, directory), { type: 'text', text: record.user }] });
  if (history.length === 0) messages.push({ role: 'system', content: AGENT_TYPES });
  if (record.toolLoop) {
    const toolId = `toolu_${random.id(24)}`;
    const assistant: Block[] = [];
    if (random.chance(0.5)) assistant.push({ type: 'thinking', thinking: '', signature: random.id(64) });
    if (random.chance(0.4)) assistant.push({ type: 'text', text: random.pick(["I'll start by running that.", 'Let me check.', 'Let me look at this first.']) });
    assistant.push({ type: 'tool_use', id: toolId, name: record.toolLoop.tool, input: record.toolLoop.input });
    messages.push({ role: 'assistant', content: assistant });
    messages.push({ role: 'user', content: [{ tool_use_id: toolId, type: 'tool_result', content: record.toolLoop.output, is_error: false }] });
  }
  const sessionId = random.uuid();
  return {
    agent: 'claude-code',
    protocol: 'anthropic',
    request: {
      model: random.pick(MODELS),
      messages,
      system: [billingHeader(random), { type: 'text', text: prompts.CLAUDE_CODE_IDENTITY, cache_control: { type: 'ephemeral' } }, { type: 'text', text: MAIN_PROMPT + environmentBlock(random, directory), cache_control: { type: 'ephemeral' } }],
      tools: TOOLS,
      metadata: { user_id: JSON.stringify({ device_id: random.id(64), account_uuid: '', session_id: sessionId }) },
      max_tokens: random.pick([32000, 64000]),
      thinking: { type: 'adaptive' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: random.pick(['high', 'medium']) },
      stream: true,
    },
  };
}

/** Claude Code's side calls: a small model, no tools, the task in the system prompt. */
function claudeCodeSideCall(record: PromptRecord, random: Random): Envelope {
  const system = [billingHeader(random), { type: 'text', text: prompts.CLAUDE_CODE_CLI_IDENTITY }];
  let messages: { role: string; content: unknown }[];
  switch (record.kind) {
    case 'title':
      system.push({ type: 'text', text: prompts.CLAUDE_CODE_TITLE });
      messages = [{ role: 'user', content: `<session>\n${record.user}\n</session>` }];
      break;
    case 'bash-prefix':
      system.push({ type: 'text', text: prompts.CLAUDE_CODE_BASH_PREFIX });
      messages = [{ role: 'user', content: `Command: ${record.user}` }];
      break;
    case 'compaction':
      system.splice(1, 1, { type: 'text', text: prompts.CLAUDE_CODE_COMPACTION_SYSTEM });
      messages = [
        { role: 'user', content: [{ type: 'text', text: record.user }] },
        { role: 'assistant', content: [{ type: 'text', text: random.pick(['Done.', 'I made the change and the tests pass.', 'Understood, continuing.']) }] },
        { role: 'user', content: [{ type: 'text', text: prompts.CLAUDE_CODE_COMPACTION_PROMPT }] },
      ];
      break;
    case 'summary':
      system.push({ type: 'text', text: prompts.CLAUDE_CODE_SUMMARY });
      messages = [{ role: 'user', content: record.user }];
      break;
    case 'topic-check':
      system.push({ type: 'text', text: prompts.CLAUDE_CODE_TOPIC_CHECK });
      messages = [{ role: 'user', content: record.user }];
      break;
    case 'commit-message':
      system.push({ type: 'text', text: prompts.CLAUDE_CODE_COMMIT });
      messages = [{ role: 'user', content: record.user }];
      break;
    case 'turn':
      throw new Error('a user turn is not a side call');
  }
  return {
    agent: 'claude-code',
    protocol: 'anthropic',
    request: { model: random.pick(SMALL_MODELS), max_tokens: random.pick([512, 1024, 32000]), messages, system, temperature: record.kind === 'title' ? undefined : 0, metadata: { user_id: random.id(64) }, stream: true },
  };
}

export function wrapClaudeCode(record: PromptRecord, random: Random): Envelope {
  return record.kind === 'turn' ? claudeCodeTurn(record, random) : claudeCodeSideCall(record, random);
}

/** A plain Anthropic SDK call from someone's own script or app. */
export function wrapAnthropicSdk(record: PromptRecord, random: Random): Envelope {
  const messages: { role: string; content: unknown }[] = (record.history ?? []).map((turn) => ({ role: turn.role, content: turn.text }));
  const system = record.kind === 'turn' ? (random.chance(0.6) ? random.pick(['You are a helpful coding assistant.', 'You are an expert software engineer.', 'Answer as a senior engineer would.']) : undefined) : random.pick(prompts.GENERIC_HOUSEKEEPING[record.kind]!);
  messages.push({ role: 'user', content: pasteFiles(record.user, record.files) });
  const tools = record.toolLoop ? [{ name: record.toolLoop.tool, description: `Run ${record.toolLoop.tool}`, input_schema: { type: 'object', properties: Object.fromEntries(Object.keys(record.toolLoop.input).map((key) => [key, { type: 'string' }])) } }] : undefined;
  if (record.toolLoop) {
    const toolId = `toolu_${random.id(24)}`;
    messages.push({ role: 'assistant', content: [{ type: 'tool_use', id: toolId, name: record.toolLoop.tool, input: record.toolLoop.input }] });
    messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: toolId, content: record.toolLoop.output }] });
  }
  return {
    agent: 'sdk-anthropic',
    protocol: 'anthropic',
    request: { model: random.pick(['claude-sonnet-4-6', 'claude-opus-4-8', 'claude-haiku-4-5']), max_tokens: random.pick([1024, 4096, 8192]), ...(system ? { system } : {}), messages, ...(tools ? { tools } : {}), ...(random.chance(0.5) ? { stream: true } : {}) },
  };
}
