import { countTokensRequestSchema, parseRequestBody } from '../protocols/request-schemas.ts';
import { readJsonBody } from './read-body.ts';

/**
 * `POST /v1/messages/count_tokens`, answered locally: no provider call, so it works offline and
 * costs nothing. The count uses the o200k BPE (gpt-tokenizer) over the request's text — an
 * estimate within a few percent of Anthropic's tokenizer for code and English, which is what
 * clients use it for (deciding when to compact). Images count as Anthropic's documented
 * ~1,600 tokens for a typical 1-megapixel image.
 */
export async function countTokens(request: Request, maxBodyBytes: number): Promise<{ input_tokens: number }> {
  const { body } = parseRequestBody('anthropic', await readJsonBody(request, maxBodyBytes), countTokensRequestSchema);
  let images = 0;
  const texts: string[] = [];
  const visit = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.type === 'image' || record.type === 'document') {
        images += 1;
        return;
      }
      for (const [key, item] of Object.entries(record)) if (key !== 'cache_control' && key !== 'type') visit(item);
    }
  };
  visit(body.system);
  visit(body.messages);
  visit(body.tools);
  const messages = Array.isArray(body.messages) ? body.messages.length : 0;
  // Loaded on first use: building the o200k tables takes ~100 ms and most gateways never count.
  const { countTokens: countBpeTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  return { input_tokens: countBpeTokens(texts.join('\n')) + images * 1600 + messages * 3 };
}
