import codexCapture from '../../fixtures/captured/codex-0.169.0-responses-tool-roundtrip.json';
import { CODEX_COMPACTION, GENERIC_HOUSEKEEPING } from './agent-prompts.ts';
import { currentDate, type Envelope, pasteFiles, projectDirectory, type PromptRecord, type Random, shellCommandOf } from './envelope-kit.ts';

/**
 * Codex CLI requests (Responses API), modelled on the captured 0.169.0 request: developer messages
 * with the base instructions, skills and permissions, an `<environment_context>` user message, the
 * history re-sent in full (`store: false`), `function_call` / `function_call_output` items.
 */
type Item = Record<string, unknown>;
const captured = codexCapture.request.body as unknown as { input: Item[]; tools: unknown[]; include: string[] };
const untrim = (text: string) => text.replace(/…\[trimmed; original length \d+ chars\]/, '');
const developerMessages = captured.input.filter((item) => item.role === 'developer').map((item) => ({
  ...item,
  content: (item.content as { type: string; text: string }[]).map((part) => ({ ...part, text: untrim(part.text) })),
}));

function message(role: string, text: string, random: Random, type = 'input_text'): Item {
  return { type: 'message', id: `msg_${random.uuid()}`, role, content: [{ type, text }] };
}

function environmentContext(random: Random): string {
  const directory = projectDirectory(random);
  const sandbox = random.pick(['read-only', 'workspace-write', 'workspace-write', 'danger-full-access']);
  return `<environment_context>\n  <cwd>${directory}</cwd>\n  <approval_policy>${random.pick(['never', 'on-request', 'untrusted'])}</approval_policy>\n  <sandbox_mode>${sandbox}</sandbox_mode>\n  <shell>${random.pick(['bash', 'zsh'])}</shell>\n  <current_date>${currentDate(random)}</current_date>\n  <timezone>${random.pick(['Etc/UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Tokyo'])}</timezone>\n</environment_context>`;
}

function agentsMd(random: Random): string {
  return `# AGENTS.md instructions for ${projectDirectory(random)}\n\n<INSTRUCTIONS>\n- Use ${random.pick(['pnpm', 'uv', 'cargo', 'go', 'npm'])} for everything.\n- Keep changes minimal and run the tests before finishing.\n</INSTRUCTIONS>`;
}

/** Codex runs shell commands through `exec_command` and reports output with a small header. */
function toolLoopItems(record: PromptRecord, random: Random): Item[] {
  if (!record.toolLoop) return [];
  const callId = `call_${random.id(24)}`;
  const command = shellCommandOf(record.toolLoop.input);
  return [
    { type: 'reasoning', id: `rs_${random.id(32)}`, summary: [], encrypted_content: random.id(120) },
    { type: 'function_call', id: `fc_${random.id(32)}`, name: 'exec_command', arguments: JSON.stringify({ cmd: command, workdir: projectDirectory(random) }), call_id: callId },
    {
      type: 'function_call_output',
      call_id: callId,
      output: `Chunk ID: ${random.id(6)}\nWall time: ${(random.next() * 9).toFixed(4)} seconds\nProcess exited with code ${random.pick([0, 1, 1, 2])}\nOriginal token count: ${50 + random.int(2000)}\nOutput:\n${record.toolLoop.output}\n`,
    },
  ];
}

export function wrapCodex(record: PromptRecord, random: Random): Envelope {
  const input: Item[] = [...developerMessages, message('user', environmentContext(random), random)];
  if (random.chance(0.35)) input.push(message('user', agentsMd(random), random));
  for (const turn of record.history ?? []) input.push(turn.role === 'user' ? message('user', turn.text, random) : message('assistant', turn.text, random, 'output_text'));
  if (record.kind === 'turn') {
    input.push(message('user', pasteFiles(record.user, record.files), random));
    input.push(...toolLoopItems(record, random));
  } else if (record.kind === 'compaction') {
    input.push(message('user', record.user, random), message('assistant', 'Continuing with the next step.', random, 'output_text'), message('user', CODEX_COMPACTION, random));
  } else {
    // Codex has no other public side calls; titles and summaries from Codex front-ends use a short instruction.
    return {
      agent: 'codex',
      protocol: 'responses',
      request: { model: random.pick(['gpt-5.1-codex-mini', 'gpt-5-mini']), instructions: `You are Codex, a coding agent based on GPT-5. ${random.pick(GENERIC_HOUSEKEEPING[record.kind]!)}`, input: [message('user', record.user, random)], store: false, stream: true },
    };
  }
  const sessionId = random.uuid();
  return {
    agent: 'codex',
    protocol: 'responses',
    request: {
      model: random.pick(['gpt-5.2-codex', 'gpt-5.1-codex', 'gpt-5.2', 'gpt-5.1-codex-max']),
      stream: true,
      input,
      tools: captured.tools,
      tool_choice: 'auto',
      parallel_tool_calls: true,
      reasoning: { effort: random.pick(['medium', 'high', 'low']), summary: 'auto' },
      store: false,
      include: captured.include,
      prompt_cache_key: sessionId,
      client_metadata: { session_id: sessionId },
    },
  };
}
