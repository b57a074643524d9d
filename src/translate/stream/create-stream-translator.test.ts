import { describe, expect, test } from 'bun:test';
import type { Protocol } from '../../protocols/protocol.ts';
import { PROTOCOLS } from '../../protocols/protocol.ts';
import { decodeSse, listFixtures, normaliseIds, parseFrames, readFixture } from '../test-support.ts';
import { collectResponsesToolNames } from '../shared/tool-names.ts';
import { createStreamTranslator, createUsageTracker } from './create-stream-translator.ts';

type Json = Record<string, any>;
type Assembled = { text: string; reasoning: string; tools: Array<{ id: string; name: string; args: unknown }>; finish: string | undefined; error: boolean };

const protocolOf = (file: string): Protocol => (file.startsWith('anthropic') ? 'anthropic' : file.startsWith('responses') ? 'responses' : 'openai');
const STREAMS = listFixtures('streams');

function translate(file: string, to: Protocol, chunking?: (offset: number) => number, includeUsage = true) {
  const bytes = new TextEncoder().encode(readFixture(`streams/${file}`));
  const translator = createStreamTranslator({ from: protocolOf(file), to, clientModel: 'auto', includeUsage });
  const frames = decodeSse(bytes, chunking).flatMap((message) => translator.push(message));
  frames.push(...translator.end());
  return { frames, translator };
}

/** What a client SDK would assemble from the events, per protocol. */
function assemble(to: Protocol, frames: string[]): Assembled {
  const out: Assembled = { text: '', reasoning: '', tools: [], finish: undefined, error: false };
  const args = new Map<string, string>();
  for (const { event, data } of parseFrames(frames)) {
    if (data === '[DONE]') continue;
    const json = JSON.parse(data) as Json;
    if (to === 'openai') {
      if (json.error) out.error = true;
      const delta = json.choices?.[0]?.delta ?? {};
      out.text += delta.content ?? '';
      out.reasoning += delta.reasoning_content ?? '';
      for (const call of delta.tool_calls ?? []) {
        if (call.id) out.tools[call.index] = { id: call.id, name: call.function.name, args: '' };
        out.tools[call.index]!.args += call.function?.arguments ?? '';
      }
      out.finish ??= json.choices?.[0]?.finish_reason ?? undefined;
    } else if (to === 'anthropic') {
      if (event === 'error') out.error = true;
      if (json.type === 'content_block_start' && json.content_block.type === 'tool_use') out.tools.push({ id: json.content_block.id, name: json.content_block.name, args: '' });
      if (json.type === 'content_block_delta') {
        out.text += json.delta.text ?? '';
        out.reasoning += json.delta.thinking ?? '';
        if (json.delta.partial_json !== undefined) out.tools.at(-1)!.args += json.delta.partial_json;
      }
      if (json.type === 'message_delta') out.finish = json.delta.stop_reason;
    } else {
      if (event === 'error') out.error = true;
      if (json.type === 'response.output_text.delta') out.text += json.delta;
      if (json.type === 'response.reasoning_summary_text.delta') out.reasoning += json.delta;
      if (json.type === 'response.output_item.added' && json.item.type === 'function_call') args.set(json.item.id, '');
      if (json.type === 'response.function_call_arguments.delta') args.set(json.item_id, args.get(json.item_id) + json.delta);
      if (json.type === 'response.output_item.done' && json.item.type === 'function_call') {
        expect(args.get(json.item.id)).toBe(json.item.arguments);
        out.tools.push({ id: json.item.call_id, name: json.item.name, args: json.item.arguments });
      }
      if (json.type === 'response.completed' || json.type === 'response.incomplete') out.finish = json.response.status;
    }
  }
  out.tools = out.tools.map((tool) => ({ ...tool, args: JSON.parse((tool.args as string) || '{}') }));
  return out;
}

const EXPECTED: Record<string, Omit<Assembled, 'finish'>> = {
  'anthropic-thinking-tool.sse': {
    text: 'Checking both cities 🌦️',
    reasoning: "The user wants the weather — I'll check Zürich and 東京.",
    tools: [
      { id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', name: 'get_weather', args: { city: 'Zürich' } },
      { id: 'toolu_01Bq8w9ZkE4Xy7cD3fGh5Jk2', name: 'get_weather', args: { city: '東京' } },
    ],
    error: false,
  },
  'anthropic-overloaded-midstream.sse': { text: 'Partial anså', reasoning: '', tools: [], error: true },
  'openai-chat-parallel-tools.sse': {
    text: 'Let me check — both files. ✅',
    reasoning: '',
    tools: [
      { id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA', name: 'read_file', args: { path: 'src/naïve.ts' } },
      { id: 'call_Qa7aK2pZtYtH4m1n0Rb8cVxE', name: 'read_file', args: { path: 'README.md' } },
    ],
    error: false,
  },
  'deepseek-reasoning.sse': { text: '2 + 2 = 4', reasoning: '用户问的是 2+2.', tools: [], error: false },
  'responses-reasoning-function-call.sse': {
    text: 'Running it now…',
    reasoning: '**Running the command** — echo is harmless.',
    tools: [{ id: 'call_kTq3n8VYb2LwXe5sPj0RmZu4', name: 'exec_command', args: { cmd: 'echo héllo' } }],
    error: false,
  },
};

const USAGE: Record<string, Json | undefined> = {
  'anthropic-thinking-tool.sse': { inputTokens: 472, outputTokens: 89, cacheReadTokens: 2048, cacheWriteTokens: 0 },
  'openai-chat-parallel-tools.sse': { inputTokens: 176, outputTokens: 75, cacheReadTokens: 1024, cacheWriteTokens: 0 },
  'deepseek-reasoning.sse': { inputTokens: 20, outputTokens: 41, cacheReadTokens: 0, cacheWriteTokens: 0 },
  'responses-reasoning-function-call.sse': { inputTokens: 249, outputTokens: 148, cacheReadTokens: 3072, cacheWriteTokens: 0 },
  'anthropic-overloaded-midstream.sse': { inputTokens: 12, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 },
};

/**
 * Streams recorded from `coderouter simulate` (fixtures/record-simulator-streams.ts) have no
 * hand-written expectation: the truth is what a client of the upstream's own protocol assembles
 * from the raw recording, and every other protocol's client must assemble the same.
 */
function expectedFor(file: string): Omit<Assembled, 'finish'> {
  if (EXPECTED[file]) return EXPECTED[file]!;
  const { finish: _finish, ...native } = assemble(protocolOf(file), [readFixture(`streams/${file}`)]);
  return native;
}

function usageFor(file: string): Json | undefined {
  if (file in USAGE) return USAGE[file];
  const tracker = createUsageTracker(protocolOf(file));
  for (const message of decodeSse(new TextEncoder().encode(readFixture(`streams/${file}`)))) tracker.observe(message);
  expect(tracker.usage!.outputTokens).toBeGreaterThan(0);
  return tracker.usage as Json;
}

describe.each(STREAMS)('recorded stream %s', (file) => {
  test.each([...PROTOCOLS])('→ %s client: the content a client assembles is the upstream content', (to) => {
    const { frames, translator } = translate(file, to);
    const { finish: _finish, ...assembled } = assemble(to, frames);
    // Reasoning is shown to clients of every protocol (Responses as summary text).
    const expected = expectedFor(file);
    expect(assembled).toEqual(expected);
    if (file.includes('-sim-')) expect(assembled.text.length + assembled.tools.length).toBeGreaterThan(0);
    expect(translator.usage).toEqual(usageFor(file) as never);
    expect(translator.sawError).toBe(expected.error);
  });

  test.each([...PROTOCOLS])('→ %s client: the same output at every byte split, inside UTF-8 characters too', (to) => {
    const whole = normaliseIds(translate(file, to).frames.join(''));
    const size = new TextEncoder().encode(readFixture(`streams/${file}`)).length;
    expect(normaliseIds(translate(file, to, () => 1).frames.join(''))).toBe(whole);
    for (let split = 1; split < size; split++) {
      const frames = translate(file, to, (offset) => (offset === 0 ? split : size)).frames.join('');
      if (normaliseIds(frames) !== whole) throw new Error(`output differs when split at byte ${split}`);
    }
  });
});

describe('event order and indices', () => {
  test('Anthropic: message_start with a msg_ id first, one block open at a time, indices from 0, message_stop last', () => {
    for (const file of STREAMS.filter((name) => !name.includes('overloaded') && protocolOf(name) !== 'anthropic')) {
      const events = parseFrames(translate(file, 'anthropic').frames).map(({ data }) => JSON.parse(data) as Json);
      expect(events[0]!.type).toBe('message_start');
      expect(events[0]!.message.id).toMatch(/^msg_/);
      expect(events[0]!.message.model).toBe('auto');
      expect(events.at(-1)!.type).toBe('message_stop');
      expect(events.at(-2)!.type).toBe('message_delta');
      let open: number | undefined;
      let next = 0;
      for (const event of events) {
        if (event.type === 'content_block_start') {
          expect(open).toBeUndefined();
          expect(event.index).toBe(next++);
          open = event.index;
        } else if (event.type === 'content_block_delta') expect(event.index).toBe(open!);
        else if (event.type === 'content_block_stop') {
          expect(event.index).toBe(open!);
          open = undefined;
        }
      }
    }
  });

  test('Chat Completions: tool_calls indices from 0, usage chunk only when asked, [DONE] last', () => {
    const file = 'anthropic-thinking-tool.sse';
    const frames = parseFrames(translate(file, 'openai').frames);
    expect(frames.at(-1)!.data).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map(({ data }) => JSON.parse(data) as Json);
    expect(chunks[0]!.choices[0].delta.role).toBe('assistant');
    expect(chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).filter((call: Json) => call.id).map((call: Json) => call.index)).toEqual([0, 1]);
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 2520, completion_tokens: 89, total_tokens: 2609, prompt_tokens_details: { cached_tokens: 2048 } });
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('tool_calls');
    const withoutUsage = parseFrames(translate(file, 'openai', undefined, false).frames);
    expect(withoutUsage.some(({ data }) => data.includes('"usage"'))).toBe(false);
  });

  test('Responses: sequence numbers count up from 0, output_index per item, completed with every item', () => {
    const events = parseFrames(translate('anthropic-thinking-tool.sse', 'responses').frames).map(({ event, data }) => ({ event, json: JSON.parse(data) as Json }));
    events.forEach(({ event, json }, index) => {
      expect(json.sequence_number).toBe(index);
      expect(event).toBe(json.type);
    });
    expect(events[0]!.json.type).toBe('response.created');
    const added = events.filter(({ json }) => json.type === 'response.output_item.added').map(({ json }) => `${json.output_index}:${json.item.type}`);
    expect(added).toEqual(['0:reasoning', '1:message', '2:function_call', '3:function_call']);
    const completed = events.at(-1)!.json;
    expect(completed.type).toBe('response.completed');
    expect(completed.response.output.map((item: Json) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(completed.response.usage).toMatchObject({ input_tokens: 2520, output_tokens: 89, input_tokens_details: { cached_tokens: 2048 } });
    // Claude's signature travels inside the reasoning item, marked as Anthropic's.
    expect(completed.response.output[0].encrypted_content).toMatch(/^cr1\.anthropic\./);
  });

  test('an upstream error mid-stream becomes the client protocol error event, and nothing follows it', () => {
    const anthropic = parseFrames(translate('anthropic-overloaded-midstream.sse', 'openai').frames);
    expect(JSON.parse(anthropic.at(-1)!.data)).toEqual({ error: { message: 'Overloaded', type: 'server_error', param: null, code: null } });
    const responses = parseFrames(translate('anthropic-overloaded-midstream.sse', 'responses').frames);
    expect(responses.at(-2)!.event).toBe('error');
    expect(responses.at(-1)!.event).toBe('response.failed');
  });

  test('Responses client gets namespace and custom tool calls back under its own names', () => {
    const names = collectResponsesToolNames({ tools: [{ type: 'namespace', name: 'multi_agent_v1', tools: [{ type: 'function', name: 'spawn_agent' }] }, { type: 'custom', name: 'apply_patch' }] });
    const translator = createStreamTranslator({ from: 'anthropic', to: 'responses', clientModel: 'auto', clientToolNames: names });
    const sse = (type: string, data: Json) => ({ event: type, data: JSON.stringify({ type, ...data }), id: undefined });
    const frames = [
      sse('message_start', { message: { id: 'msg_1', usage: { input_tokens: 1 } } }),
      sse('content_block_start', { index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'multi_agent_v1__spawn_agent', input: {} } }),
      sse('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: '{"message":"go"}' } }),
      sse('content_block_stop', { index: 0 }),
      sse('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_2', name: 'apply_patch', input: {} } }),
      sse('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"input":"*** Begin Patch"}' } }),
      sse('content_block_stop', { index: 1 }),
      sse('message_delta', { delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 5 } }),
      sse('message_stop', {}),
    ].flatMap((message) => translator.push(message));
    const done = parseFrames(frames).map(({ data }) => JSON.parse(data) as Json).filter((event) => event.type === 'response.output_item.done').map((event) => event.item);
    expect(done[0]).toMatchObject({ type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1', call_id: 'toolu_1', arguments: '{"message":"go"}' });
    expect(done[1]).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', call_id: 'toolu_2', input: '*** Begin Patch' });
  });
});

describe('passthrough', () => {
  test.each(STREAMS)('%s is re-encoded as received and its usage tracked', (file) => {
    const from = protocolOf(file);
    const { frames, translator } = translate(file, from);
    const original = decodeSse(new TextEncoder().encode(readFixture(`streams/${file}`)));
    expect(parseFrames(frames)).toEqual(original.map(({ event, data }) => ({ event, data })));
    const tracker = createUsageTracker(from);
    for (const message of original) tracker.observe(message);
    expect(tracker.usage).toEqual(translator.usage!);
    expect(tracker.sawError).toBe(file.includes('overloaded'));
  });
});
