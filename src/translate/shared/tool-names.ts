import { isRecord } from './parse-wire.ts';

/**
 * Responses namespace tools (Codex groups its sub-agent tools as `multi_agent_v1`) have no
 * equivalent in Chat Completions or Messages: they are flattened to `namespace__name`, which both
 * protocols accept (^[a-zA-Z0-9_-]{1,64}$). A flattened name cannot be split back without knowing
 * the client's tools (`mcp__server__tool` is a legal flat name), so the reverse map is built from
 * the client request.
 */
export const NAMESPACE_SEPARATOR = '__';

export function flattenToolName(name: string, namespace: string | undefined): string {
  return namespace ? `${namespace}${NAMESPACE_SEPARATOR}${name}` : name;
}

export interface ClientToolName {
  name: string;
  namespace?: string;
  kind: 'function' | 'custom';
}

/** flat name → how the client knows the tool. Only Responses clients need entries. */
export type ClientToolNames = ReadonlyMap<string, ClientToolName>;

export const NO_CLIENT_TOOL_NAMES: ClientToolNames = new Map();

/** Reads a Responses request's tools into the reverse map. */
export function collectResponsesToolNames(body: unknown): ClientToolNames {
  const names = new Map<string, ClientToolName>();
  const tools = isRecord(body) && Array.isArray(body.tools) ? body.tools : [];
  const add = (tool: unknown, namespace: string | undefined) => {
    if (!isRecord(tool) || typeof tool.name !== 'string') return;
    if (tool.type === 'function' || tool.type === 'custom') {
      const entry: ClientToolName = { name: tool.name, kind: tool.type };
      if (namespace) entry.namespace = namespace;
      names.set(flattenToolName(tool.name, namespace), entry);
    } else if (tool.type === 'namespace' && Array.isArray(tool.tools)) {
      for (const inner of tool.tools) add(inner, tool.name);
    }
  };
  for (const tool of tools) add(tool, undefined);
  return names;
}

export function resolveClientToolName(names: ClientToolNames, flat: string): ClientToolName {
  return names.get(flat) ?? { name: flat, kind: 'function' };
}

/**
 * Responses `custom` tools (Codex's free-form `apply_patch`) take raw text. Elsewhere they become a
 * function with one string parameter, `input`; these convert between the two argument forms.
 */
export const CUSTOM_TOOL_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: { input: { type: 'string', description: 'The raw input for this tool.' } },
  required: ['input'],
};

export function customInputToArguments(input: string): string {
  return JSON.stringify({ input });
}

export function argumentsToCustomInput(args: string): string {
  try {
    const value: unknown = JSON.parse(args);
    if (isRecord(value) && typeof value.input === 'string') return value.input;
  } catch {
    // not JSON: the model wrote the raw input itself
  }
  return args;
}

/** A tool call's arguments as JSON text for a function-only protocol. */
export function functionArgumentsOf(call: { kind?: 'function' | 'custom'; arguments: string }): string {
  return call.kind === 'custom' ? customInputToArguments(call.arguments) : call.arguments;
}
