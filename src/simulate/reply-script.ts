import type { Directives } from './directives.ts';

/**
 * The protocol-neutral middle of the simulator: each protocol module reads its request into a
 * SimulatedTurn, `planReply` decides what the model "says" as a ReplyScript, and the protocol
 * module writes that script in its own wire format (JSON body or SSE events). Keeping the decision
 * here means the three protocols answer the same prompt with the same text, tool calls and token
 * counts, which is what cross-protocol gateway tests compare.
 */

/** A tool the request offers. `namespace` is set for Responses tools nested in a `namespace` tool. */
export interface OfferedTool {
  name: string;
  namespace?: string;
  /** The tool's JSON schema, used to fill required arguments for `sim:parallel-tools`. */
  schema?: unknown;
}

export interface SimulatedTurn {
  model: string;
  /** Text of the last user message (text parts only); directives are read from it. */
  lastUserText: string;
  /** Set when the conversation ends with a tool result: that result as text. */
  toolResultText?: string;
  tools: OfferedTool[];
  maxOutputTokens?: number;
}

export interface PlannedToolCall {
  name: string;
  namespace?: string;
  argumentsJson: string;
  /** The arguments JSON cut in several pieces, streamed as separate deltas. */
  argumentDeltas: string[];
}

export interface PlannedText {
  text: string;
  deltas: string[];
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens';

export interface ReplyScript {
  model: string;
  thinking?: PlannedText;
  text?: PlannedText;
  toolCalls: PlannedToolCall[];
  stopReason: StopReason;
  /** When set, streams end with the protocol's error event carrying this status's error. */
  midstreamErrorStatus?: number;
  outputTokens: number;
  reasoningTokens: number;
}

/** ≈ 4 characters a token: deterministic, cheap, and close enough for cost-accounting tests. */
export function estimateTokens(characters: number): number {
  return characters <= 0 ? 0 : Math.ceil(characters / 4);
}

/**
 * In a tool-result turn the last user text is the one that started the loop. Directives that
 * decide the outcome (errors, hang, tool calls) are not repeated there, or a `sim:tool` prompt
 * would call its tool forever; those that only shape the stream (slow, thinking, long) still apply.
 */
export function selectDirectivesForTurn(turn: SimulatedTurn, directives: Directives): Directives {
  if (turn.toolResultText === undefined) return directives;
  return {
    parallelTools: false,
    hang: false,
    thinking: directives.thinking,
    ...(directives.slowMs === undefined ? {} : { slowMs: directives.slowMs }),
    ...(directives.longTokens === undefined ? {} : { longTokens: directives.longTokens }),
  };
}

const CHECK_MARK = '✓';

export function planReply(turn: SimulatedTurn, directives: Directives): ReplyScript {
  const thinking = directives.thinking ? planThinking(turn) : undefined;
  const toolCalls = planToolCalls(turn, directives);
  let text: PlannedText | undefined;
  let stopReason: StopReason = toolCalls.length > 0 ? 'tool_use' : 'end_turn';
  if (toolCalls.length === 0) {
    let body = writeReplyText(turn, directives);
    const limit = turn.maxOutputTokens;
    if (limit !== undefined && limit > 0 && estimateTokens(body.length) > limit) {
      body = Array.from(body).slice(0, limit * 4).join('');
      stopReason = 'max_tokens';
    }
    text = { text: body, deltas: splitIntoDeltas(body, directives.longTokens === undefined ? 12 : 40) };
  }
  const reasoningTokens = estimateTokens(thinking?.text.length ?? 0);
  const outputCharacters =
    (text?.text.length ?? 0) + toolCalls.reduce((sum, call) => sum + call.name.length + call.argumentsJson.length, 0);
  return {
    model: turn.model,
    ...(thinking ? { thinking } : {}),
    ...(text ? { text } : {}),
    toolCalls,
    stopReason,
    ...(directives.midstreamErrorStatus === undefined ? {} : { midstreamErrorStatus: directives.midstreamErrorStatus }),
    outputTokens: Math.max(1, estimateTokens(outputCharacters) + reasoningTokens),
    reasoningTokens,
  };
}

function writeReplyText(turn: SimulatedTurn, directives: Directives): string {
  const opening =
    turn.toolResultText === undefined
      ? `Simulated ${turn.model} reply to: ${excerpt(turn.lastUserText, 80)} ${CHECK_MARK}`
      : `Tool result received ${CHECK_MARK}: ${excerpt(turn.toolResultText, 200)}`;
  if (directives.longTokens === undefined) return opening;
  const targetCharacters = directives.longTokens * 4;
  const filler = ` Line ${CHECK_MARK} of simulated output that stands in for a long answer.`;
  const parts = [opening];
  let length = opening.length;
  for (let line = 1; length < targetCharacters; line += 1) {
    const next = filler.replace(CHECK_MARK, `${line} ${CHECK_MARK}`);
    parts.push(next);
    length += next.length;
  }
  return Array.from(parts.join('')).slice(0, Math.max(targetCharacters, 1)).join('');
}

function planThinking(turn: SimulatedTurn): PlannedText {
  const text =
    `The user asks: "${excerpt(turn.lastUserText, 60)}". ` +
    `I will think it through ${CHECK_MARK} and then answer as the simulator does.`;
  return { text, deltas: splitIntoDeltas(text, 16) };
}

function planToolCalls(turn: SimulatedTurn, directives: Directives): PlannedToolCall[] {
  if (directives.tool) {
    const wanted = directives.tool;
    const offered = turn.tools.find((tool) => tool.name === wanted.name);
    return offered ? [planToolCall(offered, wanted.argumentsJson)] : [];
  }
  if (directives.parallelTools) {
    return turn.tools.slice(0, 2).map((tool) => planToolCall(tool, JSON.stringify(buildPlaceholderArguments(tool.schema))));
  }
  return [];
}

function planToolCall(tool: OfferedTool, argumentsJson: string): PlannedToolCall {
  const pieceSize = Math.max(1, Math.ceil(argumentsJson.length / 4));
  return {
    name: tool.name,
    ...(tool.namespace === undefined ? {} : { namespace: tool.namespace }),
    argumentsJson,
    argumentDeltas: splitIntoDeltas(argumentsJson, pieceSize),
  };
}

/** Fills each required property with a value of its declared type, so agents' validators accept it. */
export function buildPlaceholderArguments(schema: unknown): Record<string, unknown> {
  const record = asRecord(schema);
  const properties = asRecord(record?.properties) ?? {};
  const required = Array.isArray(record?.required) ? record.required : [];
  const argumentsObject: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name !== 'string') continue;
    const property = asRecord(properties[name]);
    const type = Array.isArray(property?.type) ? property.type[0] : property?.type;
    const enumValues = property?.enum;
    if (Array.isArray(enumValues) && enumValues.length > 0) argumentsObject[name] = enumValues[0];
    else if (type === 'number' || type === 'integer') argumentsObject[name] = 1;
    else if (type === 'boolean') argumentsObject[name] = false;
    else if (type === 'array') argumentsObject[name] = [];
    else if (type === 'object') argumentsObject[name] = {};
    else argumentsObject[name] = `simulated ${name}`;
  }
  return argumentsObject;
}

/** Splits on code points, never inside a surrogate pair, into pieces of about `size` characters. */
export function splitIntoDeltas(text: string, size: number): string[] {
  if (text.length === 0) return [];
  const codePoints = Array.from(text);
  const deltas: string[] = [];
  for (let start = 0; start < codePoints.length; start += size) deltas.push(codePoints.slice(start, start + size).join(''));
  return deltas;
}

function excerpt(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const codePoints = Array.from(flat);
  return codePoints.length <= length ? flat : codePoints.slice(0, length).join('');
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
