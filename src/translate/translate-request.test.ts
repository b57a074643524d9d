import { describe, expect, test } from 'bun:test';
import { GatewayError } from '../errors/gateway-error.ts';
import { buildUpstreamBody } from './index.ts';

const build = (args: Parameters<typeof buildUpstreamBody>[0]) => buildUpstreamBody(args) as Record<string, any>;
import { encodeProvenance } from './shared/reasoning-provenance.ts';
import { readJsonFixture, TARGETS } from './test-support.ts';

type Body = Record<string, any>;
const claudeCode = () => readJsonFixture<{ body: Body }>('requests/claude-code-tool-roundtrip.request.json').body;
const codex = () => readJsonFixture<{ body: Body }>('requests/codex-tool-roundtrip.request.json').body;
const cline = () => readJsonFixture<{ body: Body }>('requests/openai-image-parallel-tools.request.json').body;

function expectInvalid(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).status).toBe(400);
    expect((error as GatewayError).kind).toBe('invalid_request');
    expect((error as GatewayError).message).toMatch(message);
    return;
  }
  throw new Error('expected a 400 GatewayError');
}

describe('Claude Code (captured) → OpenAI-protocol upstreams', () => {
  const body = build({ from: 'anthropic', to: 'openai', body: claudeCode(), target: TARGETS.deepseekChat });

  test('system blocks lead, the mid-conversation system entry stays in place, tool ids survive', () => {
    const roles = body.messages.map((message: Body) => message.role);
    expect(roles).toEqual(['system', 'system', 'system', 'user', 'system', 'assistant', 'tool']);
    expect(body.messages[4].content).toStartWith('Available agent types');
    expect(body.messages[5].tool_calls).toEqual([{ id: 'toolu_fake_2', type: 'function', function: { name: 'Bash', arguments: '{"command":"echo fake-tool-ran","description":"Echo a marker"}' } }]);
    expect(body.messages[6]).toEqual({ role: 'tool', tool_call_id: 'toolu_fake_2', content: 'fake-tool-ran' });
  });

  test('Anthropic-only fields are dropped and DeepSeek gets its clamp', () => {
    expect(JSON.stringify(body.messages)).not.toContain('cache_control');
    for (const field of ['context_management', 'output_config', 'metadata', 'thinking', 'reasoning_effort', 'user']) expect(body[field]).toBeUndefined();
    expect(body.max_tokens).toBe(8192);
    expect(body.model).toBe('deepseek-chat');
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.tools).toHaveLength(claudeCode().tools.length);
    expect(body.tools[1].function.name).toBe('Bash');
  });

  test('to GPT-5: developer role, max_completion_tokens, reasoning effort from output_config', () => {
    const gpt = build({ from: 'anthropic', to: 'openai', body: claudeCode(), target: TARGETS.gpt5 });
    expect(gpt.messages[0].role).toBe('developer');
    expect(gpt.max_completion_tokens).toBe(64000);
    expect(gpt.max_tokens).toBeUndefined();
    expect(gpt.reasoning_effort).toBe('high');
  });

  test('to the Responses API: instructions, items, call ids', () => {
    const responses = build({ from: 'anthropic', to: 'responses', body: claudeCode(), target: TARGETS.gpt5 });
    expect(responses.store).toBe(false);
    expect(responses.instructions).toContain('You are a Claude agent');
    expect(responses.input.map((item: Body) => item.type + ':' + (item.role ?? ''))).toEqual(['message:user', 'message:developer', 'function_call:', 'function_call_output:']);
    expect(responses.input[2].call_id).toBe('toolu_fake_2');
    expect(responses.input[3].call_id).toBe('toolu_fake_2');
  });
});

describe('Codex (captured) → other upstreams', () => {
  test('to Anthropic: developer text becomes system, namespace tools are flattened, hosted tools and Codex fields dropped', () => {
    const body = build({ from: 'responses', to: 'anthropic', body: codex(), target: TARGETS.sonnet });
    expect(body.system.map((block: Body) => block.text.slice(0, 20))).toEqual(['You are a coding age', '<skills_instructions', '<permissions instruc']);
    const names = body.tools.map((tool: Body) => tool.name);
    expect(names).toContain('multi_agent_v1__spawn_agent');
    expect(names).not.toContain('web_search');
    for (const field of ['store', 'include', 'prompt_cache_key', 'client_metadata', 'reasoning']) expect(body[field]).toBeUndefined();
    const assistant = body.messages.find((message: Body) => message.role === 'assistant');
    expect(assistant.content).toEqual([{ type: 'tool_use', id: 'call_fake_1', name: 'exec_command', input: { cmd: 'echo fake-tool-ran' } }]);
    expect(body.messages.at(-1).content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'call_fake_1' });
  });

  test('to Chat Completions (DeepSeek): same call id on the call and its output', () => {
    const body = build({ from: 'responses', to: 'openai', body: codex(), target: TARGETS.deepseekChat });
    const assistant = body.messages.find((message: Body) => message.role === 'assistant');
    expect(assistant.tool_calls[0].id).toBe('call_fake_1');
    expect(body.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: 'call_fake_1' });
    expect(body.stream).toBe(true);
  });

  test('previous_response_id cannot be translated', () => {
    expectInvalid(() => build({ from: 'responses', to: 'anthropic', body: { ...codex(), previous_response_id: 'resp_1' }, target: TARGETS.sonnet }), /previous_response_id/);
  });
});

describe('OpenAI client → Anthropic', () => {
  const body = build({ from: 'openai', to: 'anthropic', body: cline(), target: TARGETS.sonnet });

  test('images: data URL → base64 block, http URL → url source', () => {
    const user = body.messages[0].content;
    expect(user[1]).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: expect.stringMatching(/^iVBOR/) } });
    expect(user[2]).toEqual({ type: 'image', source: { type: 'url', url: 'https://example.com/diagram.jpg' } });
  });

  test('parallel tool calls and their results keep ids; results lead one user turn; developer stays in place', () => {
    expect(body.messages.map((message: Body) => message.role)).toEqual(['user', 'assistant', 'user', 'system']);
    expect(body.messages[1].content.map((block: Body) => block.id)).toEqual(['call_DdmO9pD3xa9XTPNJ32zg2hcA', 'call_Qa7aK2pZtYtH4m1n0Rb8cVxE']);
    expect(body.messages[2].content.map((block: Body) => block.tool_use_id)).toEqual(['call_DdmO9pD3xa9XTPNJ32zg2hcA', 'call_Qa7aK2pZtYtH4m1n0Rb8cVxE']);
  });

  test('limits, sampling, stop sequences, user', () => {
    expect(body.max_tokens).toBe(64000);
    expect(body.temperature).toBe(0.2);
    expect(body.top_p).toBe(0.9);
    expect(body.stop_sequences).toEqual(['\n\nUser:']);
    expect(body.metadata).toEqual({ user_id: 'user-1234' });
    expect(body.tool_choice).toEqual({ type: 'auto' });
    expect(body.system).toEqual([{ type: 'text', text: 'You are Cline, a coding assistant.' }]);
    expect(body.frequency_penalty).toBeUndefined();
  });

  test('an image type Anthropic does not take is a 400 naming it and the supported ones', () => {
    const request = { model: 'auto', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }] }] };
    expectInvalid(() => build({ from: 'openai', to: 'anthropic', body: request, target: TARGETS.sonnet }), /image\/bmp.*image\/png, image\/jpeg, image\/gif, image\/webp/);
  });

  test('a tool schema Anthropic rejects is a 400', () => {
    const request = { model: 'auto', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'array' } } }] };
    expectInvalid(() => build({ from: 'openai', to: 'anthropic', body: request, target: TARGETS.sonnet }), /object schema/);
    const badName = { model: 'auto', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'read.file', parameters: { type: 'object' } } }] };
    expectInvalid(() => build({ from: 'openai', to: 'anthropic', body: badName, target: TARGETS.sonnet }), /read\.file/);
  });

  test('images for a model without vision are a 400; malformed bodies are a 400 naming the field', () => {
    const image = { model: 'x', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: 'see' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'x' } }] }] };
    expectInvalid(() => build({ from: 'anthropic', to: 'openai', body: image, target: TARGETS.deepseekChat }), /does not accept images/);
    expectInvalid(() => build({ from: 'openai', to: 'anthropic', body: { model: 'auto', messages: 'hi' }, target: TARGETS.sonnet }), /messages/);
  });

  test('reasoning effort becomes a thinking budget below max_tokens, without temperature', () => {
    const thinking = build({ from: 'openai', to: 'anthropic', body: { model: 'auto', reasoning_effort: 'high', temperature: 0.5, max_tokens: 8000, messages: [{ role: 'user', content: 'hi' }] }, target: TARGETS.sonnet });
    expect(thinking.thinking).toEqual({ type: 'enabled', budget_tokens: 7999 });
    expect(thinking.temperature).toBeUndefined();
  });
});

describe('thinking signatures never reach a provider that did not issue them', () => {
  const minted = encodeProvenance({ issuer: 'deepseek' });
  const history = (signature: string): Body => ({
    model: 'auto',
    max_tokens: 4000,
    thinking: { type: 'enabled', budget_tokens: 2000 },
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature }, { type: 'tool_use', id: 'toolu_1', name: 'Bash', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }] },
    ],
    tools: [{ name: 'Bash', input_schema: { type: 'object' } }],
  });

  test('same-provider passthrough keeps Anthropic signatures and drops gateway-minted ones', () => {
    const kept = build({ from: 'anthropic', to: 'anthropic', body: history('EqQBsig'), target: TARGETS.sonnet });
    expect(kept.messages[1].content[0]).toEqual({ type: 'thinking', thinking: 'hmm', signature: 'EqQBsig' });
    expect(kept.thinking).toEqual({ type: 'enabled', budget_tokens: 2000 });
    const stripped = build({ from: 'anthropic', to: 'anthropic', body: history(minted), target: TARGETS.sonnet });
    expect(stripped.messages[1].content.map((block: Body) => block.type)).toEqual(['tool_use']);
    expect(stripped.thinking).toBeUndefined();
  });

  test('to OpenAI the signature is dropped; DeepSeek gets the reasoning text back', () => {
    const openai = build({ from: 'anthropic', to: 'openai', body: history('EqQBsig'), target: TARGETS.gpt5 });
    expect(JSON.stringify(openai)).not.toContain('EqQBsig');
    expect(openai.messages[1].reasoning_content).toBeUndefined();
    const deepseek = build({ from: 'anthropic', to: 'openai', body: history(minted), target: TARGETS.deepseekReasoner });
    expect(deepseek.messages[1].reasoning_content).toBe('hmm');
    expect(JSON.stringify(deepseek)).not.toContain('cr1.');
  });

  test('passthrough preserves unknown fields and the received order; only model and limits change', () => {
    const body: Body = { ...cline(), some_future_field: { a: 1 } };
    const out = build({ from: 'openai', to: 'openai', body, target: TARGETS.gpt4o });
    expect(out.some_future_field).toEqual({ a: 1 });
    expect(out.messages).toEqual(body.messages);
    expect(out.model).toBe('gpt-4o');
    expect(out.max_tokens).toBe(16384);
  });
});
