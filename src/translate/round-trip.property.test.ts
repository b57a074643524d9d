import { expect, test } from 'bun:test';
import fc from 'fast-check';
import { buildAnthropicRequest } from './anthropic/build-anthropic-request.ts';
import { parseAnthropicRequest } from './anthropic/parse-anthropic-request.ts';
import { buildOpenAIChatRequest } from './openai-chat/build-openai-chat-request.ts';
import { parseOpenAIChatRequest } from './openai-chat/parse-openai-chat-request.ts';
import { TARGETS } from './test-support.ts';

/**
 * OpenAI → neutral → Anthropic → neutral → OpenAI keeps roles, order, tool ids and arguments, and
 * text, over generated conversations with parallel tool calls, images and reasoning. Reasoning
 * text is dropped on the way (Anthropic only takes back its own signed thinking), which the
 * property also checks.
 */
type Json = Record<string, any>;

const text = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((value) => value.trim() !== '');
const toolName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,20}$/);
const callId = fc.stringMatching(/^call_[A-Za-z0-9]{8,24}$/);
const args = fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean()), { maxKeys: 3 });
const image = fc.record({
  type: fc.constant('image_url'),
  image_url: fc.record({ url: fc.tuple(fc.constantFrom('png', 'jpeg', 'gif', 'webp'), fc.base64String({ minLength: 4, maxLength: 24 })).map(([type, data]) => `data:image/${type};base64,${data}`) }),
});
const userMessage = fc.oneof(
  text.map((content) => ({ role: 'user', content })),
  fc.tuple(text, fc.array(image, { minLength: 1, maxLength: 2 })).map(([caption, images]) => ({ role: 'user', content: [{ type: 'text', text: caption }, ...images] })),
);

/** An assistant turn, with the tool messages answering its calls (ids unique per conversation). */
const assistantTurn = (turn: number) =>
  fc
    .record({
      text: fc.option(text, { nil: undefined }),
      reasoning: fc.option(text, { nil: undefined }),
      calls: fc.uniqueArray(fc.record({ id: callId, name: toolName, args, result: text }), { maxLength: 3, selector: (call) => call.id }),
    })
    .filter((turnValue) => turnValue.text !== undefined || turnValue.calls.length > 0)
    .map(({ text: content, reasoning, calls }) => {
      const ids = calls.map((call, index) => ({ ...call, id: `${call.id}_${turn}_${index}` }));
      const assistant: Json = { role: 'assistant', content: content ?? null };
      if (reasoning) assistant.reasoning_content = reasoning;
      if (ids.length) assistant.tool_calls = ids.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }));
      return [assistant, ...ids.map((call) => ({ role: 'tool', tool_call_id: call.id, content: call.result }))];
    });

const conversation = fc
  .tuple(fc.option(text, { nil: undefined }), fc.integer({ min: 1, max: 4 }), fc.option(text, { nil: undefined }))
  .chain(([system, turns, developer]) =>
    fc.tuple(...Array.from({ length: turns }, (_, turn) => fc.tuple(userMessage, assistantTurn(turn)))).map((pairs) => {
      const messages: Json[] = system ? [{ role: 'system', content: system }] : [];
      pairs.forEach(([user, assistant], index) => {
        messages.push(user, ...assistant);
        if (developer && index === 0 && pairs.length > 1) messages.push({ role: 'developer', content: developer });
      });
      return { model: 'auto', messages };
    }),
  );

/** What must survive: role, text, images (without the detail hint), tool ids and arguments. */
function essence(messages: Json[]): Json[] {
  return messages.map((message) => {
    const out: Json = { role: message.role === 'developer' ? 'system' : message.role };
    const content = message.content ?? '';
    out.content = typeof content === 'string' ? (content === '' ? [] : [{ type: 'text', text: content }]) : content.map((part: Json) => (part.type === 'image_url' ? { type: 'image_url', url: part.image_url.url } : part));
    if (message.tool_calls) out.tool_calls = message.tool_calls.map((call: Json) => ({ id: call.id, name: call.function.name, args: JSON.parse(call.function.arguments) }));
    if (message.tool_call_id) out.tool_call_id = message.tool_call_id;
    return out;
  });
}

test('OpenAI → neutral → Anthropic → neutral → OpenAI keeps roles, order, tool ids, arguments and text', () => {
  fc.assert(
    fc.property(conversation, (original) => {
      const anthropic = buildAnthropicRequest(parseOpenAIChatRequest(original), TARGETS.sonnet);
      const back = buildOpenAIChatRequest(parseAnthropicRequest(anthropic), TARGETS.gpt4o) as { messages: Json[] };
      expect(essence(back.messages)).toEqual(essence(original.messages));
      expect(back.messages.some((message) => 'reasoning_content' in message)).toBe(false);
      expect(JSON.stringify(anthropic)).not.toContain('"thinking"');
    }),
    { numRuns: 300 },
  );
});
