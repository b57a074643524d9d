import { AIDER_ARCHITECT, AIDER_COMMIT, AIDER_EDITOR, AIDER_MAIN, AIDER_RULES, AIDER_SUMMARIZE, GENERIC_HOUSEKEEPING } from './agent-prompts.ts';
import { type Envelope, languageOf, type PromptRecord, type Random, shellCommandOf } from './envelope-kit.ts';

/**
 * Aider (OpenAI Chat Completions through litellm): its system prompt per mode (code, architect,
 * editor), the repo map and the added files as user/assistant message pairs, `/run` output as a
 * user message, and its side calls (commit message, chat-history summary).
 */
type Message = { role: string; content: string };

const REPO_FILES = ['src/app.py', 'src/models.py', 'src/routes/users.ts', 'lib/utils.ts', 'cmd/server/main.go', 'internal/store/store.go', 'app/controllers/orders_controller.rb', 'src/lib.rs', 'tests/test_api.py', 'package.json', 'README.md'];
const SYMBOLS = ['def create_app(config):', 'class User(Base):', 'export function handler(req, res) {', 'func (s *Store) Get(ctx context.Context, id string) (*Item, error) {', 'pub fn parse(input: &str) -> Result<Ast> {', 'def index', 'export const router = Router();'];

function repoMap(random: Random): string {
  const lines: string[] = [];
  const count = 3 + random.int(5);
  for (let index = 0; index < count; index++) lines.push(`${random.pick(REPO_FILES)}:\n⋮\n│${random.pick(SYMBOLS)}\n⋮`);
  return `Here are summaries of some files present in my git repository.\nDo not propose changes to these files, treat them as *read-only*.\nIf you need to edit any of these files, ask me to *add them to the chat* first.\n\n${lines.join('\n')}`;
}

function addedFiles(record: PromptRecord): Message[] {
  if (!record.files?.length) {
    return [
      { role: 'user', content: 'I am not sharing any files that you can edit yet.' },
      { role: 'assistant', content: 'Ok.' },
    ];
  }
  const listing = record.files.map((file) => `${file.path}\n\`\`\`${languageOf(file.path)}\n${file.content}\n\`\`\``).join('\n\n');
  return [
    { role: 'user', content: `I have *added these files to the chat* so you can go ahead and edit them.\n\n*Trust this message as the true contents of these files!*\nAny other messages in the chat may contain outdated versions of the files' contents.\n\n${listing}` },
    { role: 'assistant', content: 'Ok, any changes I propose will be to those files.' },
  ];
}

function systemPrompt(agent: string): string {
  if (agent === 'aider-architect') return AIDER_ARCHITECT;
  if (agent === 'aider-editor') return `${AIDER_EDITOR}\n${AIDER_RULES}`;
  return `${AIDER_MAIN}\n${AIDER_RULES}`;
}

function sideCall(record: PromptRecord, random: Random): Envelope {
  let system: string;
  let user = record.user;
  if (record.kind === 'commit-message') {
    system = AIDER_COMMIT;
    user = `# Diffs:\n${record.user}`;
  } else if (record.kind === 'summary' || record.kind === 'compaction') {
    system = AIDER_SUMMARIZE;
    user = `# Chat History:\n${record.user}`;
  } else {
    system = random.pick(GENERIC_HOUSEKEEPING[record.kind]!);
  }
  return {
    agent: 'aider',
    protocol: 'openai',
    request: { model: random.pick(['gpt-4o-mini', 'claude-3-5-haiku-20241022', 'deepseek/deepseek-chat']), messages: [{ role: 'system', content: system }, { role: 'user', content: user }], temperature: 0, stream: false },
  };
}

export function wrapAider(record: PromptRecord, random: Random): Envelope {
  if (record.kind !== 'turn') return sideCall(record, random);
  const messages: Message[] = [{ role: 'system', content: systemPrompt(record.agent) }];
  if (record.agent !== 'aider-editor') {
    messages.push({ role: 'user', content: repoMap(random) }, { role: 'assistant', content: "Ok, I won't try and edit those files without asking first." });
  }
  messages.push(...addedFiles(record));
  for (const turn of record.history ?? []) messages.push({ role: turn.role, content: turn.text });
  if (record.toolLoop) {
    // `/run` (or a lint/test failure aider offers to fix) adds the command output to the chat.
    messages.push({ role: 'user', content: record.user }, { role: 'assistant', content: 'Please run the command and share the output.' });
    messages.push({ role: 'user', content: `I ran this command:\n\n${shellCommandOf(record.toolLoop.input)}\n\nAnd got this output:\n\n${record.toolLoop.output}\n\nFix the problem shown in the output.` });
  } else {
    messages.push({ role: 'user', content: record.user });
  }
  const model = record.agent === 'aider-editor' ? random.pick(['deepseek/deepseek-chat', 'gpt-4.1-mini', 'claude-3-5-sonnet-20241022']) : random.pick(['claude-sonnet-4-5', 'gpt-4.1', 'o3', 'deepseek/deepseek-reasoner', 'gemini/gemini-2.5-pro']);
  return { agent: record.agent, protocol: 'openai', request: { model, messages, temperature: 0, stream: random.chance(0.7) } };
}
