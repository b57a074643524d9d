import { describe, expect, test } from 'bun:test';
import { NO_DIRECTIVES, parseDirectives } from './directives.ts';
import { buildPlaceholderArguments, planReply, selectDirectivesForTurn, splitIntoDeltas, type SimulatedTurn } from './reply-script.ts';

describe('parseDirectives', () => {
  test('plain text has no directives', () => {
    expect(parseDirectives('fix the failing test in src/app.ts')).toBe(NO_DIRECTIVES);
  });

  test('reads every directive with its value', () => {
    expect(parseDirectives('sim:error=429 sim:thinking sim:slow=25 sim:long=300 sim:hang sim:parallel-tools')).toEqual({
      errorStatus: 429,
      thinking: true,
      slowMs: 25,
      longTokens: 300,
      hang: true,
      parallelTools: true,
    });
    expect(parseDirectives('sim:midstream-error').midstreamErrorStatus).toBe(500);
    expect(parseDirectives('sim:midstream-error=529').midstreamErrorStatus).toBe(529);
    expect(parseDirectives('sim:error').errorStatus).toBe(500);
  });

  test('sim:tool takes a JSON object with spaces and nested braces, or none', () => {
    expect(parseDirectives('please sim:tool=Bash {"command": "echo {a b}", "n": {"x": 1}} thanks').tool).toEqual({
      name: 'Bash',
      argumentsJson: '{"command":"echo {a b}","n":{"x":1}}',
    });
    expect(parseDirectives('sim:tool=Read{"file_path":"a.ts"}').tool).toEqual({ name: 'Read', argumentsJson: '{"file_path":"a.ts"}' });
    expect(parseDirectives('sim:tool=TodoWrite').tool).toEqual({ name: 'TodoWrite', argumentsJson: '{}' });
    expect(parseDirectives('sim:tool=Bash {not json}').tool).toEqual({ name: 'Bash', argumentsJson: '{}' });
  });

  test('unknown sim: words are ordinary text', () => {
    expect(parseDirectives('the sim:racing game')).toEqual({ parallelTools: false, thinking: false, hang: false });
  });
});

const TURN: SimulatedTurn = {
  model: 'gpt-5',
  lastUserText: 'hello',
  tools: [
    { name: 'Read', schema: { type: 'object', required: ['path', 'limit'], properties: { path: { type: 'string' }, limit: { type: 'integer' } } } },
    { name: 'Bash' },
  ],
};

describe('planReply', () => {
  test('default reply names the model, quotes the prompt and carries a multi-byte character', () => {
    const script = planReply(TURN, parseDirectives(TURN.lastUserText));
    expect(script.text?.text).toBe('Simulated gpt-5 reply to: hello ✓');
    expect(script.text?.deltas.join('')).toBe(script.text?.text);
    expect(script.text?.deltas.length).toBeGreaterThan(1);
    expect(script.stopReason).toBe('end_turn');
  });

  test('is deterministic: the same turn plans the same text and token counts', () => {
    const directives = parseDirectives('sim:thinking');
    const first = planReply({ ...TURN, lastUserText: 'sim:thinking' }, directives);
    const second = planReply({ ...TURN, lastUserText: 'sim:thinking' }, directives);
    expect(second).toEqual(first);
  });

  test('a tool-result turn drops outcome directives but keeps stream-shaping ones', () => {
    const turn = { ...TURN, toolResultText: 'ok' };
    const directives = selectDirectivesForTurn(turn, parseDirectives('sim:tool=Bash {} sim:error=500 sim:slow=5 sim:thinking sim:hang'));
    expect(directives).toEqual({ parallelTools: false, hang: false, thinking: true, slowMs: 5 });
    expect(planReply(turn, directives).text?.text).toBe('Tool result received ✓: ok');
  });

  test('placeholder arguments follow the schema types', () => {
    expect(buildPlaceholderArguments(TURN.tools[0]?.schema)).toEqual({ path: 'simulated path', limit: 1 });
    expect(buildPlaceholderArguments(undefined)).toEqual({});
  });

  test('deltas never split a surrogate pair', () => {
    const deltas = splitIntoDeltas('a😀b😀c', 2);
    expect(deltas.join('')).toBe('a😀b😀c');
    for (const delta of deltas) expect(delta).toBe(Buffer.from(delta, 'utf8').toString('utf8'));
  });
});
