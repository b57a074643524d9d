import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import OpenAI, { BadRequestError, RateLimitError } from 'openai';
import type { FunctionTool, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { startSimulator, type RunningSimulator } from './server.ts';

let sim: RunningSimulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = new OpenAI({ baseURL: `${sim.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
});
afterAll(() => sim.stop());
beforeEach(() => sim.state.reset());

const EXEC_TOOL: FunctionTool = {
  type: 'function',
  name: 'exec_command',
  strict: false,
  parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] },
};
const VIEW_TOOL: FunctionTool = {
  type: 'function',
  name: 'view_image',
  strict: false,
  parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

describe('responses through the openai SDK', () => {
  test('non-streamed create answers with a message item, resp_ id and usage', async () => {
    const response = await client.responses.create({
      model: 'gpt-5-codex',
      instructions: 'Be brief.',
      input: 'Summarise the diff',
    });
    expect(response.id).toStartWith('resp_');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Simulated gpt-5-codex reply to: Summarise the diff ✓');
    expect(response.output[0]?.type).toBe('message');
    expect(response.output[0]?.id).toStartWith('msg_');
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
    expect(response.instructions).toBe('Be brief.');
  });

  test('responses.stream(): every event has an increasing sequence_number and the text arrives in deltas', async () => {
    const events: ResponseStreamEvent[] = [];
    const stream = client.responses.stream({ model: 'gpt-5-codex', input: [{ role: 'user', content: 'hello there' }] });
    stream.on('event', (event) => events.push(event));
    const response = await stream.finalResponse();
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...events.filter((event) => event.type === 'response.output_text.delta').map(() => 'response.output_text.delta' as const),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.filter((event) => event.type === 'response.output_text.delta').length).toBeGreaterThan(2);
    // finalResponse() only adds `output_text` when it parses; the message item holds the text.
    const message = response.output[0];
    const part = message?.type === 'message' ? message.content[0] : undefined;
    expect(part?.type === 'output_text' && part.text).toBe('Simulated gpt-5-codex reply to: hello there ✓');
    expect(response.usage?.output_tokens).toBeGreaterThan(0);
  });

  test('sim:tool streams a function_call item with argument deltas; finalResponse holds the call', async () => {
    const argumentDeltas: string[] = [];
    const stream = client.responses.stream({
      model: 'gpt-5-codex',
      tools: [VIEW_TOOL, EXEC_TOOL],
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run sim:tool=exec_command {"cmd": "echo ✓"}' }] }],
    });
    stream.on('response.function_call_arguments.delta', (event) => argumentDeltas.push(event.delta));
    const response = await stream.finalResponse();
    const call = response.output.find((item) => item.type === 'function_call');
    expect(call?.type === 'function_call' && call.name).toBe('exec_command');
    expect(call?.type === 'function_call' && call.call_id).toStartWith('call_');
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toEqual({ cmd: 'echo ✓' });
    expect(argumentDeltas.length).toBeGreaterThan(1);
    expect(argumentDeltas.join('')).toBe(call?.type === 'function_call' ? call.arguments : '');
  });

  test('sim:parallel-tools yields two function_call items with distinct call ids', async () => {
    const response = await client.responses.create({
      model: 'gpt-5-codex',
      tools: [EXEC_TOOL, VIEW_TOOL],
      input: 'sim:parallel-tools',
    });
    const calls = response.output.filter((item) => item.type === 'function_call');
    expect(calls.map((call) => call.type === 'function_call' && call.name)).toEqual(['exec_command', 'view_image']);
    expect(new Set(calls.map((call) => call.type === 'function_call' && call.call_id)).size).toBe(2);
  });

  test('sim:thinking adds a reasoning item with a summary (and encrypted_content when included)', async () => {
    const events: string[] = [];
    const stream = client.responses.stream({
      model: 'gpt-5-codex',
      reasoning: { summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      input: 'sim:thinking plan it',
    });
    stream.on('event', (event) => events.push(event.type));
    const response = await stream.finalResponse();
    const reasoning = response.output[0];
    expect(reasoning?.type).toBe('reasoning');
    expect(reasoning?.type === 'reasoning' && reasoning.summary[0]?.text).toContain('✓');
    expect(reasoning?.type === 'reasoning' && reasoning.encrypted_content).toBeTruthy();
    expect(events).toContain('response.reasoning_summary_text.delta');
    expect(response.output[1]?.type).toBe('message');
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  test('a function_call_output at the end is answered by quoting the output', async () => {
    const response = await client.responses.create({
      model: 'gpt-5-codex',
      tools: [EXEC_TOOL],
      input: [
        { role: 'user', content: 'run sim:tool=exec_command {"cmd":"ls"}' },
        { type: 'function_call', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'README.md\nsrc' },
      ],
    });
    expect(response.output_text).toBe('Tool result received ✓: README.md src');
  });

  test('sim:error=429 is a RateLimitError; a missing input is a BadRequestError', async () => {
    const limited = await client.responses.create({ model: 'gpt-5-codex', input: 'sim:error=429' }).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(RateLimitError);
    const invalid = await client.responses.create({ model: 'gpt-5-codex' } as never).catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(BadRequestError);
    expect((invalid as BadRequestError).param).toBe('input');
  });

  test('sim:midstream-error ends with an error event and the terminal response.failed', async () => {
    const stream = await client.responses.create({ model: 'gpt-5-codex', stream: true, input: 'sim:midstream-error' });
    const types: string[] = [];
    let failed: ResponseStreamEvent | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.failed') failed = event;
    }
    expect(types).toContain('response.output_text.delta');
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(failed?.type === 'response.failed' && failed.response.status).toBe('failed');
    expect(failed?.type === 'response.failed' && failed.response.error?.code).toBe('server_error');
    const rejected = await client.responses.stream({ model: 'gpt-5-codex', input: 'sim:midstream-error' }).finalResponse().catch((error: unknown) => error);
    expect(rejected).toBeDefined();
  });

  test('max_output_tokens ends as response.incomplete with reason max_output_tokens', async () => {
    const response = await client.responses.create({ model: 'gpt-5-codex', max_output_tokens: 16, input: 'sim:long=400' });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('max_output_tokens');
  });

  test('a captured Codex request (developer messages, function_call, namespace tools) streams to response.completed', async () => {
    const captured = JSON.parse(readFileSync('/work/shared/captured/codex-0.169.0-responses-tool-roundtrip.json', 'utf8')).request;
    const response = await fetch(`${sim.url}${captured.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer cr_codex', accept: 'text/event-stream' },
      body: JSON.stringify(captured.body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toStartWith('text/event-stream');
    const text = await response.text();
    expect(text).toContain('event: response.completed');
    expect(text).toContain('Tool result received');
    // A namespaced tool is callable, with its namespace on the item.
    const body = { ...captured.body, stream: false, input: [{ role: 'user', content: 'sim:tool=close_agent {"id":"a1"}' }] };
    const direct = await client.responses.create(body);
    const call = direct.output[0];
    expect(call?.type === 'function_call' && [call.name, call.namespace]).toEqual(['close_agent', 'multi_agent_v1']);
  });
});
