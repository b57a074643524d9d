import { GENERIC_HOUSEKEEPING } from './agent-prompts.ts';
import { CLINE_SYSTEM, CONTINUE_AGENT_SYSTEM, CONTINUE_CHAT_SYSTEM, CURSOR_SYSTEM, OPENCLAW_SYSTEM, SDK_SYSTEMS, WINDSURF_SYSTEM } from './ide-agent-prompts.ts';
import { currentDate, type Envelope, languageOf, pasteFiles, projectDirectory, type PromptRecord, type Random, shellCommandOf } from './envelope-kit.ts';

/**
 * The OpenAI-Chat-speaking agents: Cline (XML tool use, `<task>` and `<environment_details>`),
 * Continue (context items as path-fenced blocks), Cursor-style (`<user_query>`, `<additional_data>`),
 * Windsurf, OpenClaw (channel envelope on each message) and plain OpenAI SDK calls.
 */
type Message = Record<string, unknown>;

const functionTool = (name: string, description: string, properties: string[]) => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties: Object.fromEntries(properties.map((key) => [key, { type: 'string' }])), required: properties.slice(0, 1) } },
});
const CONTINUE_TOOLS = [
  functionTool('builtin_read_file', 'Use this tool if you need to view the contents of an existing file.', ['filepath']),
  functionTool('builtin_edit_existing_file', 'Use this tool to edit an existing file.', ['filepath', 'changes']),
  functionTool('builtin_create_new_file', 'Create a new file.', ['filepath', 'contents']),
  functionTool('builtin_run_terminal_command', 'Run a terminal command in the current directory.', ['command']),
  functionTool('builtin_grep_search', 'Perform a search over the repository using ripgrep.', ['query']),
];
const CURSOR_TOOLS = [
  functionTool('codebase_search', 'Find snippets of code from the codebase most relevant to the search query.', ['query', 'target_directories']),
  functionTool('read_file', 'Read the contents of a file.', ['target_file', 'start_line_one_indexed', 'end_line_one_indexed_inclusive']),
  functionTool('run_terminal_cmd', 'PROPOSE a command to run on behalf of the user.', ['command', 'is_background']),
  functionTool('edit_file', 'Use this tool to propose an edit to an existing file.', ['target_file', 'instructions', 'code_edit']),
  functionTool('grep_search', 'Fast text-based regex search.', ['query']),
];
const WINDSURF_TOOLS = [
  functionTool('view_file', 'View the contents of a file.', ['AbsolutePath', 'StartLine', 'EndLine']),
  functionTool('run_command', 'PROPOSE a command to run on behalf of the user.', ['CommandLine', 'Cwd']),
  functionTool('replace_file_content', 'Use this tool to edit an existing file.', ['TargetFile', 'ReplacementChunks']),
  functionTool('grep_search', 'Use ripgrep to find exact pattern matches within files or directories.', ['SearchPath', 'Query']),
];
const OPENCLAW_TOOLS = [
  functionTool('exec', 'Run shell commands (pty available for TTY-required CLIs)', ['command', 'workdir']),
  functionTool('read', 'Read file contents', ['path']),
  functionTool('edit', 'Make precise edits to files', ['path', 'oldText', 'newText']),
  functionTool('message', 'Send messages and channel actions', ['action', 'text']),
];

function openAiToolLoop(record: PromptRecord, random: Random, toolName: string): Message[] {
  if (!record.toolLoop) return [];
  const id = `call_${random.id(24)}`;
  return [
    { role: 'assistant', content: null, tool_calls: [{ id, type: 'function', function: { name: toolName, arguments: JSON.stringify(record.toolLoop.input) } }] },
    { role: 'tool', tool_call_id: id, content: record.toolLoop.output },
  ];
}

function history(record: PromptRecord): Message[] {
  return (record.history ?? []).map((turn) => ({ role: turn.role, content: turn.text }));
}

function sideCall(record: PromptRecord, random: Random, agent: string, identity: string): Envelope {
  const instruction = random.pick(GENERIC_HOUSEKEEPING[record.kind]!);
  return {
    agent,
    protocol: 'openai',
    request: { model: random.pick(['gpt-4o-mini', 'gpt-4.1-nano', 'claude-haiku-4-5']), messages: [{ role: 'system', content: `${identity}\n\n${instruction}` }, { role: 'user', content: record.user }], stream: false },
  };
}

function clineEnvironment(random: Random, directory: string, mode: 'ACT' | 'PLAN'): string {
  return `<environment_details>\n# VSCode Visible Files\n${random.pick(['src/index.ts', 'app/main.py', 'README.md', '(No visible files)'])}\n\n# VSCode Open Tabs\nsrc/index.ts\npackage.json\n\n# Current Time\n${currentDate(random)}, ${1 + random.int(11)}:${String(random.int(60)).padStart(2, '0')}:00 PM (UTC)\n\n# Current Working Directory (${directory}) Files\npackage.json\nsrc/\nsrc/index.ts\ntests/\n\n# Context Window Usage\n${1000 + random.int(60000)} / 200K tokens used\n\n# Current Mode\n${mode} MODE\n</environment_details>`;
}

/** Cline's XML tool call for the writer's generic tool loop: a command, or a file tool on a path. */
function clineToolCall(loop: NonNullable<PromptRecord['toolLoop']>): [string, string, string] {
  const path = loop.input.path ?? loop.input.file_path ?? loop.input.filePath;
  if (typeof path === 'string' && !('command' in loop.input) && !('cmd' in loop.input)) {
    const tool = /edit|write|replace/i.test(loop.tool) ? 'replace_in_file' : /list|glob|ls/i.test(loop.tool) ? 'list_files' : /grep|search/i.test(loop.tool) ? 'search_files' : 'read_file';
    return [tool, path, `<${tool}>\n<path>${path}</path>\n</${tool}>`];
  }
  const command = shellCommandOf(loop.input);
  return ['execute_command', command, `<execute_command>\n<command>${command}</command>\n<requires_approval>false</requires_approval>\n</execute_command>`];
}

export function wrapCline(record: PromptRecord, random: Random): Envelope {
  if (record.kind !== 'turn') return sideCall(record, random, 'cline', 'You are Cline, a highly skilled software engineer.');
  const directory = projectDirectory(random);
  const mode = record.labels.phase === 'planning' ? 'PLAN' : 'ACT';
  const system = CLINE_SYSTEM.replaceAll('{cwd}', directory).replace('{os}', random.pick(['Linux 6.8', 'macOS Sequoia', 'Windows 11'])).replace('{home}', '/home/user');
  const fileMentions = (record.files ?? []).map((file) => `<file_content path="${file.path}">\n${file.content}\n</file_content>`).join('\n\n');
  const messages: Message[] = [{ role: 'system', content: system }, ...history(record)];
  const task = record.history?.length ? `<feedback>\n${record.user}\n</feedback>` : `<task>\n${record.user}\n</task>`;
  messages.push({ role: 'user', content: [{ type: 'text', text: task }, ...(fileMentions ? [{ type: 'text', text: fileMentions }] : []), { type: 'text', text: clineEnvironment(random, directory, mode) }] });
  if (record.toolLoop) {
    const [tool, argument, call] = clineToolCall(record.toolLoop);
    messages.push({ role: 'assistant', content: `<thinking>I'll start here.</thinking>\n${call}` });
    messages.push({ role: 'user', content: [{ type: 'text', text: `[${tool} for '${argument}'] Result:` }, { type: 'text', text: tool === 'execute_command' ? `Command executed.\nOutput:\n${record.toolLoop.output}` : record.toolLoop.output }, { type: 'text', text: clineEnvironment(random, directory, mode) }] });
  }
  return { agent: 'cline', protocol: 'openai', request: { model: random.pick(['anthropic/claude-sonnet-4.5', 'deepseek/deepseek-chat', 'google/gemini-2.5-pro', 'gpt-4.1']), messages, temperature: 0, stream: true, stream_options: { include_usage: true } } };
}

export function wrapContinue(record: PromptRecord, random: Random): Envelope {
  if (record.kind !== 'turn') return sideCall(record, random, 'continue', 'You are a helpful assistant in the Continue IDE extension.');
  const agentMode = record.toolLoop !== undefined || random.chance(0.5);
  const context = (record.files ?? []).map((file) => `\`\`\`${languageOf(file.path)} ${file.path}\n${file.content}\n\`\`\``).join('\n\n');
  const messages: Message[] = [{ role: 'system', content: agentMode ? CONTINUE_AGENT_SYSTEM : CONTINUE_CHAT_SYSTEM }, ...history(record)];
  messages.push({ role: 'user', content: context ? [{ type: 'text', text: context }, { type: 'text', text: record.user }] : record.user });
  messages.push(...openAiToolLoop(record, random, 'builtin_run_terminal_command'));
  return { agent: 'continue', protocol: 'openai', request: { model: random.pick(['claude-sonnet-4-5', 'gpt-4.1', 'qwen2.5-coder:32b', 'codestral-latest']), messages, max_tokens: 4096, stream: true, ...(agentMode ? { tools: CONTINUE_TOOLS } : {}) } };
}

export function wrapCursor(record: PromptRecord, random: Random): Envelope {
  if (record.kind !== 'turn') return sideCall(record, random, 'cursor', 'You are an assistant inside Cursor, the AI code editor.');
  const attached = (record.files ?? []).map((file) => `<file_contents path="${file.path}">\n${file.content}\n</file_contents>`).join('\n');
  const additional = `<additional_data>\nBelow are some potentially helpful/relevant pieces of information for figuring out to respond\n<current_file>\nPath: ${random.pick(['src/app.ts', 'main.py', 'lib/index.js'])}\nLine: ${1 + random.int(300)}\n</current_file>${attached ? `\n<attached_files>\n${attached}\n</attached_files>` : ''}\n</additional_data>`;
  const messages: Message[] = [{ role: 'system', content: CURSOR_SYSTEM }, ...history(record)];
  messages.push({ role: 'user', content: `<user_info>\nThe user's OS version is ${random.pick(['darwin 25.1.0', 'linux 6.8.0', 'win32 10.0.26100'])}.\n</user_info>\n\n${additional}\n\n<user_query>\n${record.user}\n</user_query>` });
  messages.push(...openAiToolLoop(record, random, 'run_terminal_cmd'));
  return { agent: 'cursor', protocol: 'openai', request: { model: random.pick(['claude-4.5-sonnet', 'gpt-5', 'cursor-small']), messages, tools: CURSOR_TOOLS, stream: true } };
}

export function wrapWindsurf(record: PromptRecord, random: Random): Envelope {
  if (record.kind !== 'turn') return sideCall(record, random, 'windsurf', 'You are Cascade, the Windsurf assistant.');
  const metadata = `<additional_metadata>\nNOTE: Open files and cursor position may not be related to the user's current request.\nThe user's active document is ${projectDirectory(random)}/${random.pick(['src/main.ts', 'app.py', 'README.md'])}.\n</additional_metadata>`;
  const messages: Message[] = [{ role: 'system', content: WINDSURF_SYSTEM }, ...history(record)];
  messages.push({ role: 'user', content: `<user_request>\n${pasteFiles(record.user, record.files)}\n</user_request>\n${metadata}` });
  messages.push(...openAiToolLoop(record, random, 'run_command'));
  return { agent: 'windsurf', protocol: 'openai', request: { model: random.pick(['swe-1.5', 'claude-sonnet-4-5', 'gpt-5']), messages, tools: WINDSURF_TOOLS, stream: true } };
}

export function wrapOpenClaw(record: PromptRecord, random: Random): Envelope {
  if (record.kind !== 'turn') return sideCall(record, random, 'openclaw', 'You are a personal assistant running inside OpenClaw.');
  const channel = random.pick(['Telegram', 'WhatsApp', 'Discord', 'Slack', 'WebChat']);
  const stamp = () => `[${channel} ${random.pick(['Ana', 'Ben', 'Chen', 'Dario', 'Eva'])} ${currentDate(random)} ${String(random.int(24)).padStart(2, '0')}:${String(random.int(60)).padStart(2, '0')} UTC]`;
  const messages: Message[] = [{ role: 'system', content: OPENCLAW_SYSTEM.replace('{cwd}', `${projectDirectory(random)}`) }];
  for (const turn of record.history ?? []) messages.push({ role: turn.role, content: turn.role === 'user' ? `${stamp()} ${turn.text}` : turn.text });
  messages.push({ role: 'user', content: `${stamp()} ${pasteFiles(record.user, record.files)}` });
  messages.push(...openAiToolLoop(record, random, 'exec'));
  return { agent: 'openclaw', protocol: 'openai', request: { model: random.pick(['anthropic/claude-opus-4-5', 'openai/gpt-5.1', 'auto']), messages, tools: OPENCLAW_TOOLS, stream: true } };
}

export function wrapOpenAiSdk(record: PromptRecord, random: Random): Envelope {
  const system = record.kind === 'turn' ? (random.chance(0.7) ? random.pick(SDK_SYSTEMS) : undefined) : random.pick(GENERIC_HOUSEKEEPING[record.kind]!);
  const messages: Message[] = [...(system ? [{ role: random.pick(['system', 'developer', 'system']), content: system }] : []), ...history(record)];
  messages.push({ role: 'user', content: pasteFiles(record.user, record.files) });
  messages.push(...openAiToolLoop(record, random, record.toolLoop?.tool ?? 'run'));
  const tools = record.toolLoop ? [functionTool(record.toolLoop.tool, `Run ${record.toolLoop.tool}`, Object.keys(record.toolLoop.input))] : undefined;
  return { agent: 'sdk-openai', protocol: 'openai', request: { model: random.pick(['gpt-4.1', 'gpt-5-mini', 'deepseek-chat', 'auto']), messages, ...(tools ? { tools } : {}), ...(random.chance(0.5) ? { stream: true } : {}) } };
}
