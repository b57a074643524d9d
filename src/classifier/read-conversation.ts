import { assertNever, type Protocol } from '../protocols/protocol.ts';

/**
 * One protocol-neutral message, only as much as feature extraction needs. Reading a request body
 * this way is the only protocol-specific step of feature extraction.
 */
export interface ConversationTurn {
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** Text parts joined by a blank line; tool-result payloads are not included. */
  text: string;
  /** The turn carries tool results only (an Anthropic user turn of tool_result blocks, a `tool` message, a function_call_output). */
  isToolResult: boolean;
  hasImage: boolean;
}

export interface Conversation {
  /** System prompt(s): Anthropic `system`, OpenAI system/developer messages, Responses `instructions` + developer messages. */
  systemText: string;
  turns: ConversationTurn[];
  toolNames: string[];
  /** Characters of everything the model will read (messages, system, tool definitions), for a token estimate. */
  characterCount: number;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the conversation out of a request body of any of the three protocols. Never throws on odd shapes. */
export function readConversation(protocol: Protocol, body: unknown): Conversation {
  const conversation: Conversation = { systemText: '', turns: [], toolNames: [], characterCount: 0 };
  if (!isObject(body)) return conversation;
  switch (protocol) {
    case 'anthropic':
      readAnthropic(body, conversation);
      break;
    case 'openai':
      readChatCompletions(body, conversation);
      break;
    case 'responses':
      readResponses(body, conversation);
      break;
    default:
      assertNever(protocol, 'protocol');
  }
  readToolNames(body.tools, conversation);
  return conversation;
}

function readAnthropic(body: Json, conversation: Conversation): void {
  const system = body.system;
  if (typeof system === 'string') conversation.systemText = system;
  else if (Array.isArray(system)) conversation.systemText = joinTextParts(system);
  conversation.characterCount += conversation.systemText.length;
  if (!Array.isArray(body.messages)) return;
  for (const message of body.messages) {
    if (!isObject(message)) continue;
    const role = normaliseRole(message.role);
    const turn = readContent(message.content, role, conversation);
    // Claude Code puts `role: "system"` entries inside messages (agent lists, reminders): context, not a turn.
    if (role === 'system') conversation.systemText += `\n\n${turn.text}`;
    else conversation.turns.push(turn);
  }
}

function readChatCompletions(body: Json, conversation: Conversation): void {
  if (!Array.isArray(body.messages)) return;
  for (const message of body.messages) {
    if (!isObject(message)) continue;
    const role = normaliseRole(message.role);
    const turn = readContent(message.content, role, conversation);
    if (role === 'system') {
      conversation.systemText += conversation.systemText ? `\n\n${turn.text}` : turn.text;
      continue;
    }
    if (role === 'tool') turn.isToolResult = true;
    if (role === 'assistant' && Array.isArray(message.tool_calls)) conversation.characterCount += 80 * message.tool_calls.length;
    conversation.turns.push(turn);
  }
}

function readResponses(body: Json, conversation: Conversation): void {
  if (typeof body.instructions === 'string') {
    conversation.systemText = body.instructions;
    conversation.characterCount += body.instructions.length;
  }
  const input = body.input;
  if (typeof input === 'string') {
    conversation.turns.push({ role: 'user', text: input, isToolResult: false, hasImage: false });
    conversation.characterCount += input.length;
    return;
  }
  if (!Array.isArray(input)) return;
  for (const item of input) {
    if (!isObject(item)) continue;
    const type = item.type ?? 'message';
    if (type === 'function_call_output' || type === 'custom_tool_call_output' || type === 'local_shell_call_output') {
      conversation.characterCount += typeof item.output === 'string' ? item.output.length : 200;
      conversation.turns.push({ role: 'tool', text: '', isToolResult: true, hasImage: false });
      continue;
    }
    if (type === 'function_call' || type === 'custom_tool_call' || type === 'local_shell_call' || type === 'reasoning') {
      conversation.characterCount += typeof item.arguments === 'string' ? item.arguments.length : 100;
      continue;
    }
    if (type !== 'message') continue;
    const role = normaliseRole(item.role);
    const turn = readContent(item.content, role, conversation);
    if (role === 'system') conversation.systemText += conversation.systemText ? `\n\n${turn.text}` : turn.text;
    else conversation.turns.push(turn);
  }
}

function normaliseRole(role: unknown): ConversationTurn['role'] {
  switch (role) {
    case 'user':
      return 'user';
    case 'assistant':
    case 'model':
      return 'assistant';
    case 'tool':
    case 'function':
      return 'tool';
    default:
      // `system`, `developer` and anything unknown are instructions around the conversation.
      return 'system';
  }
}

/** Reads a message's content: a string or an array of typed parts, across the three protocols' part names. */
function readContent(content: unknown, role: ConversationTurn['role'], conversation: Conversation): ConversationTurn {
  const turn: ConversationTurn = { role, text: '', isToolResult: false, hasImage: false };
  if (typeof content === 'string') {
    turn.text = content;
    conversation.characterCount += content.length;
    return turn;
  }
  if (!Array.isArray(content)) return turn;
  let text = '';
  let textParts = 0;
  let toolResults = 0;
  for (const part of content) {
    if (!isObject(part)) continue;
    switch (part.type) {
      case 'text':
      case 'input_text':
      case 'output_text':
        if (typeof part.text === 'string') {
          text = textParts === 0 ? part.text : `${text}\n\n${part.text}`;
          textParts++;
          conversation.characterCount += part.text.length;
        }
        break;
      case 'tool_result':
        toolResults++;
        conversation.characterCount += approximateLength(part.content);
        if (Array.isArray(part.content) && part.content.some((inner) => isObject(inner) && inner.type === 'image')) turn.hasImage = true;
        break;
      case 'image':
      case 'image_url':
      case 'input_image':
        turn.hasImage = true;
        conversation.characterCount += 3000;
        break;
      case 'tool_use':
        conversation.characterCount += approximateLength(part.input);
        break;
      case 'thinking':
        conversation.characterCount += typeof part.thinking === 'string' ? part.thinking.length : 0;
        break;
      default:
        // document, redacted_thinking, server tool parts…: counted roughly, never read.
        conversation.characterCount += 100;
    }
  }
  turn.text = text;
  turn.isToolResult = toolResults > 0 && textParts === 0;
  return turn;
}

function joinTextParts(parts: unknown[]): string {
  let text = '';
  for (const part of parts) {
    if (isObject(part) && typeof part.text === 'string') text = text ? `${text}\n\n${part.text}` : part.text;
  }
  return text;
}

function readToolNames(tools: unknown, conversation: Conversation): void {
  if (!Array.isArray(tools)) return;
  for (const tool of tools) {
    if (!isObject(tool)) continue;
    const fn = isObject(tool.function) ? tool.function : tool;
    const name = typeof fn.name === 'string' ? fn.name : typeof tool.type === 'string' ? tool.type : '';
    if (name) conversation.toolNames.push(name);
    // Tool definitions are long (Claude Code's are ~70 KB) and read by the model: count descriptions and a schema allowance.
    conversation.characterCount += (typeof fn.description === 'string' ? fn.description.length : 0) + 400;
  }
}

/** A tool result's size without serialising it: strings by length, arrays by their text parts. */
function approximateLength(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += isObject(item) && typeof item.text === 'string' ? item.text.length : 100;
    return total;
  }
  return isObject(value) ? 200 : 0;
}
