import type { Protocol } from '../protocols/protocol.ts';
import { detectAgent, detectAiderMode, detectHousekeeping } from './detect-agent.ts';
import { countCodeBlocks, extractFeedback, extractIntentText, hasDiff, hasStackTrace, isContextOnlyMessage, isTextToolResult } from './intent-text.ts';
import { type ConversationTurn, readConversation } from './read-conversation.ts';
import type { Agent, RequestFeatures } from './types.ts';

export interface FeatureInput {
  protocol: Protocol;
  body: unknown;
  headers?: Headers;
}

/** Characters of earlier user text kept as context for short follow-ups ("yes, do that"). */
const PREVIOUS_TEXT_LIMIT = 400;
/** Characters per token for the estimate; close enough for English prose and code alike. */
const CHARACTERS_PER_TOKEN = 4;

/**
 * Reads what the router needs from a request body: the developer's intent (found inside the
 * agent's wrappers, and for a tool-result turn taken from the user turn that started the loop)
 * and structural signals. Runs on every request; it walks the body once and never serialises it.
 * @see ../../../shared/DESIGN.md §4
 * @example
 * const features = extractFeatures({ protocol: 'anthropic', body, headers: request.headers });
 * const classification = await classifier.classify(features);
 */
export function extractFeatures({ protocol, body, headers }: FeatureInput): RequestFeatures {
  const conversation = readConversation(protocol, body);
  const { systemText } = conversation;
  const agent = detectAgent(systemText, headers);
  const turns = agent === 'aider' ? dropFewShotExamples(conversation.turns) : conversation.turns;

  let intentIndex = -1;
  let intentText = '';
  let toolLoopDepth = 0;
  let turnCount = 0;
  let lastUserText: string | null = null;
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index]!;
    if (turn.role === 'assistant') turnCount++;
    if (isToolResultTurn(turn, agent)) {
      // Cline returns the user's reply to a question or a finished task inside a tool result.
      const feedback = intentIndex === -1 && agent === 'cline' ? extractFeedback(turn.text) : '';
      if (feedback) {
        intentIndex = index;
        intentText = feedback;
      } else if (intentIndex === -1) toolLoopDepth++;
      continue;
    }
    if (turn.role !== 'user') continue;
    lastUserText ??= turn.text;
    // An agent's context message (Codex's environment turn, Aider's repo map and its "Ok.") is not a
    // turn of the conversation: counting it would make the same request look longer in one agent.
    if (isContextOnlyMessage(turn.text)) {
      if (turns[index + 1]?.role === 'assistant') turnCount--;
      continue;
    }
    turnCount++;
    if (intentIndex !== -1) continue;
    const text = extractIntentText(turn.text, agent);
    if (text) {
      intentIndex = index;
      intentText = text;
    }
  }

  const lastTurn = turns.at(-1);
  const housekeepingKind = detectHousekeeping(systemText, lastUserText ?? '', conversation.toolNames.length > 0);
  const intentTurn = intentIndex === -1 ? undefined : turns[intentIndex]!;
  // Attached files are counted in the turn that carries the intent, never in a tool's output.
  const intentTurnText = intentTurn && !isToolResultTurn(intentTurn, agent) ? intentTurn.text : intentText;
  return {
    agent,
    intentText,
    previousUserText: findPreviousUserText(turns, intentIndex, agent),
    previousAssistantText: findPreviousAssistantText(turns, intentIndex),
    isToolResultTurn: lastTurn !== undefined && isToolResultTurn(lastTurn, agent),
    toolLoopDepth,
    turnCount,
    estimatedInputTokens: Math.ceil(conversation.characterCount / CHARACTERS_PER_TOKEN),
    hasImages: turns.some((turn) => turn.hasImage),
    hasTools: conversation.toolNames.length > 0,
    toolCount: conversation.toolNames.length,
    codeBlockCount: countCodeBlocks(intentText),
    hasStackTrace: hasStackTrace(intentText),
    hasDiff: hasDiff(intentText),
    attachedFileCount: countAttachedFiles(turns, intentIndex, intentTurnText, intentText),
    aiderMode: agent === 'aider' ? detectAiderMode(systemText) : null,
    isHousekeeping: housekeepingKind !== null,
    housekeepingKind,
  };
}

/**
 * Aider opens with example exchanges, closed by "I switched to a new code base…": they are
 * demonstrations of the edit format, not this conversation (nor is the "Ok." that answers it).
 */
function dropFewShotExamples(turns: ConversationTurn[]): ConversationTurn[] {
  for (let index = turns.length - 1; index >= 0; index--) {
    const turn = turns[index]!;
    if (turn.role === 'user' && turn.text.startsWith('I switched to a new code base')) return turns.slice(turns[index + 1]?.role === 'assistant' ? index + 2 : index + 1);
  }
  return turns;
}

function isToolResultTurn(turn: ConversationTurn, agent: Agent): boolean {
  if (turn.isToolResult || turn.role === 'tool') return true;
  return turn.role === 'user' && isTextToolResult(turn.text, agent);
}

/** The user text before the intent turn (newest first), for follow-ups whose meaning is in the turn before. */
function findPreviousUserText(turns: ConversationTurn[], intentIndex: number, agent: Agent): string {
  for (let index = intentIndex - 1; index >= 0; index--) {
    const turn = turns[index]!;
    if (turn.role !== 'user' || isToolResultTurn(turn, agent)) continue;
    const text = extractIntentText(turn.text, agent);
    if (text) return text.length > PREVIOUS_TEXT_LIMIT ? text.slice(0, PREVIOUS_TEXT_LIMIT) : text;
  }
  return '';
}

/**
 * The assistant's last reply before the intent turn. An agent's context message (Aider's repo map
 * or added files, Codex's instructions file) and the canned "Ok." that answers it are not the
 * conversation: a first request after them has no previous reply, as it has none in other agents.
 */
function findPreviousAssistantText(turns: ConversationTurn[], intentIndex: number): string {
  for (let index = intentIndex - 1; index >= 0; index--) {
    const turn = turns[index]!;
    if (turn.role === 'user' && !turn.isToolResult) {
      if (isContextOnlyMessage(turn.text)) continue;
      return '';
    }
    if (turn.role !== 'assistant' || !turn.text) continue;
    const answers = turns[index - 1];
    if (answers?.role === 'user' && isContextOnlyMessage(answers.text)) continue;
    return turn.text.length > PREVIOUS_TEXT_LIMIT ? turn.text.slice(-PREVIOUS_TEXT_LIMIT) : turn.text;
  }
  return '';
}

/**
 * Files the agent attached as context: fenced blocks removed from the intent turn (Continue's
 * context items, Cursor's attached files) plus those of earlier context-only user messages (Aider's
 * "added these files to the chat").
 */
function countAttachedFiles(turns: ConversationTurn[], intentIndex: number, intentTurnText: string, intentText: string): number {
  let count = Math.max(0, countCodeBlocks(intentTurnText) - countCodeBlocks(intentText));
  if (intentTurnText.includes('<file_contents')) count += intentTurnText.split('<file_contents').length - 1;
  for (let index = 0; index < intentIndex; index++) {
    const turn = turns[index]!;
    if (turn.role === 'user' && turn.text.startsWith('I have *added these files to the chat*')) count += countCodeBlocks(turn.text);
  }
  return count;
}
