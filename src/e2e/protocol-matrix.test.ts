import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import OpenAI from 'openai';
import { startStack, type Stack } from '../testing/start-stack.ts';

/**
 * The translation matrix: {openai SDK chat, openai SDK responses, anthropic SDK} × {Anthropic-
 * protocol upstream, OpenAI-protocol upstream} × {non-stream, stream} × {text, tool round trip,
 * image}. Each cell goes through the simulator, and the stream helpers must assemble exactly what
 * the non-stream call returns, as with a native provider.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack.stop();
});

const UPSTREAMS = [
  { model: 'claude-sonnet-4.6', protocol: 'anthropic' },
  { model: 'gpt-5-mini', protocol: 'openai' },
] as const;
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const TOOL_PROMPT = 'weather in Lisbon? sim:tool=get_weather {"city":"Lisbon","unit":"°C"}';
const schema = { type: 'object', properties: { city: { type: 'string' }, unit: { type: 'string' } }, required: ['city'] } as const;

const oa = () => new OpenAI({ baseURL: `${stack.gatewayUrl}/api/v1`, apiKey: stack.masterKey, maxRetries: 0 });
const an = () => new Anthropic({ baseURL: `${stack.gatewayUrl}/api/v1`, authToken: stack.masterKey, apiKey: null, maxRetries: 0 });

for (const upstream of UPSTREAMS) {
  describe(`openai chat client → ${upstream.protocol} upstream (${upstream.model})`, () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'weather', parameters: schema } }];
    test('text: stream assembles what non-stream returns', async () => {
      const messages = [{ role: 'user' as const, content: 'Explain recursion in one line ✓' }];
      const plain = await oa().chat.completions.create({ model: upstream.model, messages });
      const streamed = await oa().chat.completions.stream({ model: upstream.model, messages, stream_options: { include_usage: true } }).finalChatCompletion();
      expect(streamed.choices[0]!.message.content).toBe(plain.choices[0]!.message.content);
      expect(plain.choices[0]!.finish_reason).toBe('stop');
      expect(streamed.usage!.prompt_tokens).toBe(plain.usage!.prompt_tokens);
    });
    for (const stream of [false, true]) {
      test(`tool round trip (${stream ? 'stream' : 'non-stream'})`, async () => {
        const first = stream
          ? await oa().chat.completions.stream({ model: upstream.model, tools, messages: [{ role: 'user', content: TOOL_PROMPT }] }).finalChatCompletion()
          : await oa().chat.completions.create({ model: upstream.model, tools, messages: [{ role: 'user', content: TOOL_PROMPT }] });
        expect(first.choices[0]!.finish_reason).toBe('tool_calls');
        const call = first.choices[0]!.message.tool_calls![0]! as { id: string; function: { name: string; arguments: string } };
        expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Lisbon', unit: '°C' });
        const second = await oa().chat.completions.create({
          model: upstream.model,
          tools,
          messages: [{ role: 'user', content: TOOL_PROMPT }, first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: 'clear, 24°C' }],
        });
        expect(second.choices[0]!.message.content).toContain('clear, 24°C');
      });
    }
    test('image as a data URL', async () => {
      const completion = await oa().chat.completions.create({
        model: upstream.model,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'what is in this image?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_BASE64}` } }] }],
      });
      expect(completion.choices[0]!.message.content).toContain('what is in this image?');
      const [seen] = (await stack.simRequests()).slice(-1);
      const body = JSON.stringify(seen!.body);
      if (upstream.protocol === 'anthropic') expect(body).toContain('"type":"base64"');
      expect(body).toContain(PNG_BASE64);
    });
  });

  describe(`anthropic client → ${upstream.protocol} upstream (${upstream.model})`, () => {
    const tools: Anthropic.Tool[] = [{ name: 'get_weather', description: 'weather', input_schema: schema as never }];
    test('text: stream assembles what non-stream returns', async () => {
      const params = { model: upstream.model, max_tokens: 300, messages: [{ role: 'user' as const, content: 'Explain recursion in one line ✓' }] };
      const plain = await an().messages.create(params);
      const streamed = await an().messages.stream(params).finalMessage();
      expect(streamed.content as unknown).toEqual(plain.content);
      expect(streamed.stop_reason).toBe(plain.stop_reason!);
    });
    for (const stream of [false, true]) {
      test(`tool round trip (${stream ? 'stream' : 'non-stream'})`, async () => {
        const question = { role: 'user' as const, content: TOOL_PROMPT };
        const first = stream
          ? await an().messages.stream({ model: upstream.model, max_tokens: 300, tools, messages: [question] }).finalMessage()
          : await an().messages.create({ model: upstream.model, max_tokens: 300, tools, messages: [question] });
        expect(first.stop_reason).toBe('tool_use');
        const use = first.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use')!;
        expect(use.input).toEqual({ city: 'Lisbon', unit: '°C' });
        const second = await an().messages.create({
          model: upstream.model,
          max_tokens: 300,
          tools,
          messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'clear, 24°C' }] }],
        });
        expect((second.content[0] as Anthropic.TextBlock).text).toContain('clear, 24°C');
      });
    }
    test('image as a base64 block', async () => {
      const message = await an().messages.create({
        model: upstream.model,
        max_tokens: 300,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_BASE64 } }, { type: 'text', text: 'describe it' }] }],
      });
      expect((message.content[0] as Anthropic.TextBlock).text).toContain('describe it');
      const [seen] = (await stack.simRequests()).slice(-1);
      expect(JSON.stringify(seen!.body)).toContain(PNG_BASE64);
    });
  });

  describe(`openai responses client → ${upstream.protocol} upstream (${upstream.model})`, () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', description: 'weather', parameters: schema, strict: false }];
    const textOf = (response: OpenAI.Responses.Response) =>
      response.output.flatMap((item) => (item.type === 'message' ? item.content.map((c) => (c.type === 'output_text' ? c.text : '')) : [])).join('');
    test('text: stream assembles what non-stream returns', async () => {
      const plain = await oa().responses.create({ model: upstream.model, input: 'Explain recursion in one line ✓' });
      const streamed = await oa().responses.stream({ model: upstream.model, input: 'Explain recursion in one line ✓' }).finalResponse();
      expect(textOf(streamed)).toBe(textOf(plain));
      expect(textOf(plain)).toContain('Explain recursion');
    });
    for (const stream of [false, true]) {
      test(`tool round trip (${stream ? 'stream' : 'non-stream'})`, async () => {
        const first: OpenAI.Responses.Response = stream
          ? await oa().responses.stream({ model: upstream.model, tools, input: TOOL_PROMPT }).finalResponse()
          : await oa().responses.create({ model: upstream.model, tools, input: TOOL_PROMPT });
        const call = first.output.find((item) => item.type === 'function_call') as OpenAI.Responses.ResponseFunctionToolCall;
        expect(JSON.parse(call.arguments)).toEqual({ city: 'Lisbon', unit: '°C' });
        const second = await oa().responses.create({
          model: upstream.model,
          tools,
          input: [{ role: 'user', content: TOOL_PROMPT }, call, { type: 'function_call_output', call_id: call.call_id, output: 'clear, 24°C' }],
        });
        expect(textOf(second)).toContain('clear, 24°C');
      });
    }
    test('image as input_image', async () => {
      const response = await oa().responses.create({
        model: upstream.model,
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, { type: 'input_image', image_url: `data:image/png;base64,${PNG_BASE64}`, detail: 'auto' }] }],
      });
      expect(textOf(response)).toContain('what is this?');
    });
  });
}

describe('requests that only become invalid after translation are a 400 before any upstream call', () => {
  test('a BMP image for an Anthropic model names the type and the supported ones', async () => {
    await stack.resetSim();
    const error = await oa()
      .chat.completions.create({
        model: 'claude-sonnet-4.6',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }] }],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('image/bmp');
    expect((error as Error).message).toContain('image/png');
    expect((await stack.simStats()).received).toBe(0);
  });

  test('DeepSeek max_tokens above its cap is clamped, never rejected', async () => {
    await stack.resetSim();
    await oa().chat.completions.create({ model: 'deepseek-chat', max_tokens: 64000, messages: [{ role: 'user', content: 'hi' }] });
    const [seen] = await stack.simRequests();
    expect(seen!.body.max_tokens).toBe(8192);
  });
});
