/**
 * The three wire protocols CodeRouter speaks, both to clients and to upstreams.
 * `openai` = Chat Completions, `anthropic` = Messages, `responses` = OpenAI Responses API.
 * @see ../../../shared/DESIGN.md §1
 */
export const PROTOCOLS = ['openai', 'anthropic', 'responses'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
