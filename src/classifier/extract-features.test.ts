import { describe, expect, test } from 'bun:test';
import claudeCodeHi from '../../fixtures/captured/claude-code-2.1.197-messages-hi.json';
import claudeCodeToolRoundTrip from '../../fixtures/captured/claude-code-2.1.197-messages-tool-roundtrip.json';
import codexToolRoundTrip from '../../fixtures/captured/codex-0.169.0-responses-tool-roundtrip.json';
import { extractFeatures } from './extract-features.ts';

const headersOf = (capture: { request: { headers: Record<string, string> } }) => new Headers(capture.request.headers);

describe('extractFeatures on captured requests', () => {
  test('Claude Code "hi": the reminder and the role:system entry are not the intent', () => {
    const features = extractFeatures({ protocol: 'anthropic', body: claudeCodeHi.request.body, headers: headersOf(claudeCodeHi) });
    expect(features).toMatchObject({ agent: 'claude-code', intentText: 'hi', isToolResultTurn: false, hasTools: true, toolCount: 25, isHousekeeping: false, turnCount: 1 });
    expect(features.estimatedInputTokens).toBeGreaterThan(3000);
  });

  test('Claude Code tool round trip inherits the intent of the turn that started the loop', () => {
    const features = extractFeatures({ protocol: 'anthropic', body: claudeCodeToolRoundTrip.request.body });
    expect(features).toMatchObject({ agent: 'claude-code', intentText: 'run echo', isToolResultTurn: true, toolLoopDepth: 1 });
  });

  test('Codex over Responses: environment context skipped (and not a turn), function_call_output is a tool-result turn', () => {
    const features = extractFeatures({ protocol: 'responses', body: codexToolRoundTrip.request.body, headers: headersOf(codexToolRoundTrip) });
    expect(features).toMatchObject({ agent: 'codex', intentText: 'run echo', isToolResultTurn: true, toolLoopDepth: 1, hasTools: true, turnCount: 1 });
  });
});

describe('agent wrappers', () => {
  test('Aider editor request: mode detected, added files counted, the decided change is the intent', () => {
    const body = {
      model: 'deepseek-chat',
      messages: [
        { role: 'system', content: 'Act as an expert software developer who edits source code.\nDescribe each change with a *SEARCH/REPLACE block* per the examples below.' },
        { role: 'user', content: 'I have *added these files to the chat* so you can go ahead and edit them.\n\nsrc/a.py\n```python\nprint(1)\n```' },
        { role: 'assistant', content: 'Ok, any changes I propose will be to those files.' },
        { role: 'user', content: 'In src/a.py change print(1) to print(2).' },
      ],
    };
    expect(extractFeatures({ protocol: 'openai', body })).toMatchObject({ agent: 'aider', aiderMode: 'editor', attachedFileCount: 1, intentText: 'In src/a.py change print(1) to print(2).' });
  });

  test("Aider's few-shot examples and context messages are not earlier turns", () => {
    const body = {
      model: 'gpt-4.1',
      messages: [
        { role: 'system', content: 'Act as an expert software developer.\nAlways use best practices when coding.' },
        { role: 'user', content: 'Change get_factorial() to use math.factorial' },
        { role: 'assistant', content: 'To make this change we need to modify `mathweb/flask/app.py`…' },
        { role: 'user', content: "I switched to a new code base. Please don't consider the above files or try to edit them any longer." },
        { role: 'assistant', content: 'Ok.' },
        { role: 'user', content: 'Here are summaries of some files present in my git repository.\nsrc/a.py:\n⋮' },
        { role: 'assistant', content: "Ok, I won't try and edit those files without asking first." },
        { role: 'user', content: 'yes, do that' },
      ],
    };
    expect(extractFeatures({ protocol: 'openai', body })).toMatchObject({ agent: 'aider', intentText: 'yes, do that', previousUserText: '', previousAssistantText: '', turnCount: 1 });
  });

  test("Aider's answer to its context messages is not the previous reply; a real reply after them is", () => {
    const context = [
      { role: 'system', content: 'Act as an expert software developer.' },
      { role: 'user', content: 'Here are summaries of some files present in my git repository.\nsrc/a.py:\n⋮' },
      { role: 'assistant', content: 'Ok.' },
      { role: 'user', content: 'I have *added these files to the chat* so you can go ahead and edit them.\n\nsrc/a.py\n```python\nprint(1)\n```' },
      { role: 'assistant', content: 'Ok, any changes I propose will be to those files.' },
    ];
    const opening = { model: 'x', messages: [...context, { role: 'user', content: 'add a --verbose flag' }] };
    expect(extractFeatures({ protocol: 'openai', body: opening })).toMatchObject({ intentText: 'add a --verbose flag', previousAssistantText: '' });
    const followUp = { model: 'x', messages: [...context, { role: 'user', content: 'add a --verbose flag' }, { role: 'assistant', content: 'Added it to the argument parser.' }, { role: 'user', content: 'now log the timings too' }] };
    expect(extractFeatures({ protocol: 'openai', body: followUp })).toMatchObject({ previousUserText: 'add a --verbose flag', previousAssistantText: 'Added it to the argument parser.' });
  });

  test('a message that is only an environment block is not a turn; one with the request between two blocks is', () => {
    const environment = '<environment_context>\n  <cwd>/repo</cwd>\n</environment_context>';
    const body = { model: 'x', messages: [{ role: 'user', content: environment }, { role: 'user', content: `${environment}\nfix the off-by-one in parser.py\n${environment}` }] };
    expect(extractFeatures({ protocol: 'openai', body })).toMatchObject({ intentText: 'fix the off-by-one in parser.py', turnCount: 1 });
  });

  test('Cline: <task> unwrapped, environment_details removed, a text tool result is a tool-result turn', () => {
    const body = {
      model: 'x',
      messages: [
        { role: 'system', content: 'You are Cline, a highly skilled software engineer.' },
        { role: 'user', content: [{ type: 'text', text: '<task>\nfix the flaky login test\n</task>' }, { type: 'text', text: '<environment_details>\n# Current Mode\nACT MODE\n</environment_details>' }] },
        { role: 'assistant', content: '<execute_command>\n<command>npm test -- login]</command>\n</execute_command>' },
        { role: 'user', content: [{ type: 'text', text: "[execute_command for 'npm test -- login]'] Result:" }, { type: 'text', text: 'FAIL login.test.ts' }] },
      ],
    };
    expect(extractFeatures({ protocol: 'openai', body })).toMatchObject({ agent: 'cline', intentText: 'fix the flaky login test', isToolResultTurn: true, toolLoopDepth: 1 });
  });

  test("Cline: the user's feedback inside a tool result is the new intent", () => {
    const body = {
      model: 'x',
      messages: [
        { role: 'system', content: 'You are Cline, a highly skilled software engineer.' },
        { role: 'user', content: '<task>\nadd a dark mode toggle\n</task>' },
        { role: 'assistant', content: '<attempt_completion>\n<result>Added.</result>\n</attempt_completion>' },
        { role: 'user', content: "[attempt_completion] Result:\n\nThe user has provided feedback on the results.\n<feedback>\nnow persist it in localStorage\n</feedback>" },
      ],
    };
    expect(extractFeatures({ protocol: 'openai', body })).toMatchObject({ agent: 'cline', intentText: 'now persist it in localStorage', previousUserText: 'add a dark mode toggle', isToolResultTurn: true, toolLoopDepth: 0 });
  });

  test('Cursor: <user_query> is the intent, attached files are counted not read', () => {
    const body = {
      model: 'x',
      messages: [
        { role: 'system', content: "You are a powerful agentic AI coding assistant. You operate exclusively in Cursor, the world's best IDE." },
        { role: 'user', content: '<additional_data>\n<attached_files>\n<file_contents path="a.ts">\nlet a = 1\n</file_contents>\n</attached_files>\n</additional_data>\n\n<user_query>\nwhy is a mutable?\n</user_query>' },
      ],
    };
    expect(extractFeatures({ protocol: 'openai', body })).toMatchObject({ agent: 'cursor', intentText: 'why is a mutable?', attachedFileCount: 1 });
  });

  test('OpenClaw: the channel envelope is stripped', () => {
    const body = { model: 'auto', messages: [{ role: 'system', content: 'You are a personal assistant running inside OpenClaw.' }, { role: 'user', content: '[Telegram Ana 2026-11-02 09:14 UTC] restart the staging deploy' }] };
    expect(extractFeatures({ protocol: 'openai', body })).toMatchObject({ agent: 'openclaw', intentText: 'restart the staging deploy' });
  });

  test('a stack trace and a diff in the intent are flagged; images anywhere are seen', () => {
    const text = 'it crashes:\nTraceback (most recent call last):\n  File "a.py", line 3, in <module>\nKeyError: 1\n\ndiff --git a/a.py b/a.py\n@@ -1 +1 @@';
    const body = { model: 'x', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: '' } }, { type: 'text', text }] }] };
    expect(extractFeatures({ protocol: 'anthropic', body })).toMatchObject({ agent: 'sdk', hasStackTrace: true, hasDiff: true, hasImages: true });
  });
});

describe('housekeeping calls', () => {
  test("Claude Code's title call is housekeeping", () => {
    const body = {
      model: 'claude-haiku-4-5',
      max_tokens: 512,
      system: [{ type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.197' }, { type: 'text', text: 'Generate a concise, sentence-case title (3-7 words) that captures the main topic or goal of this coding session.' }],
      messages: [{ role: 'user', content: '<session>\nfix the login bug\n</session>' }],
    };
    expect(extractFeatures({ protocol: 'anthropic', body })).toMatchObject({ agent: 'claude-code', isHousekeeping: true, housekeepingKind: 'title' });
  });

  test('compaction is recognised from the last user message even with tools offered', () => {
    const body = {
      model: 'm',
      max_tokens: 10,
      tools: [{ name: 'Bash', description: 'run', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: 'Your task is to create a detailed summary of the conversation so far, paying close attention to…' }],
    };
    expect(extractFeatures({ protocol: 'anthropic', body }).housekeepingKind).toBe('compaction');
  });

  test("an SDK user's own 'Act as an expert…' prompt is not Aider", () => {
    const body = { model: 'm', messages: [{ role: 'system', content: 'Act as an expert Python developer.' }, { role: 'user', content: 'write a retry decorator' }] };
    expect(extractFeatures({ protocol: 'openai', body }).agent).toBe('sdk');
  });

  test('a user asking for a title is not housekeeping', () => {
    const body = { model: 'm', messages: [{ role: 'user', content: 'generate a title for my blog post about Rust lifetimes' }] };
    expect(extractFeatures({ protocol: 'openai', body }).isHousekeeping).toBe(false);
  });
});

test('odd bodies never throw', () => {
  for (const body of [null, 42, 'text', {}, { messages: 'no' }, { messages: [null, { role: 7 }] }, { input: [{ type: 'message', content: null }] }]) {
    for (const protocol of ['openai', 'anthropic', 'responses'] as const) expect(() => extractFeatures({ protocol, body })).not.toThrow();
  }
});
