/**
 * In-band directives: words in the last user text that steer the simulator, so a test that only
 * controls the prompt (an agent run end to end, a benchmark scenario) can still ask for a tool
 * call, an error or a slow stream. Pure: text in, directives out.
 *
 * | directive                       | effect                                                         |
 * | ------------------------------- | -------------------------------------------------------------- |
 * | `sim:error=<status>`            | answer with that HTTP status in the protocol's error shape     |
 * | `sim:midstream-error[=<status>]`| stream some text, then the protocol's error event              |
 * | `sim:tool=<Name> <json args>`   | call that tool (only if offered) with those arguments          |
 * | `sim:parallel-tools`            | call the first two offered tools at once                       |
 * | `sim:thinking`                  | reasoning first (thinking block / reasoning_content / item)    |
 * | `sim:slow=<ms>`                 | wait that long between stream events                           |
 * | `sim:hang`                      | send headers, then nothing until the client goes away          |
 * | `sim:long=<n>`                  | about n output tokens of text                                  |
 *
 * @see ../../../shared/DESIGN.md §2 (`coderouter simulate`)
 */
export interface Directives {
  errorStatus?: number;
  /** Status whose error the mid-stream error event carries (500 unless given). */
  midstreamErrorStatus?: number;
  tool?: { name: string; argumentsJson: string };
  parallelTools: boolean;
  thinking: boolean;
  slowMs?: number;
  hang: boolean;
  longTokens?: number;
}

export const NO_DIRECTIVES: Directives = Object.freeze({ parallelTools: false, thinking: false, hang: false });

const DIRECTIVE_PATTERN = /\bsim:([a-z-]+)(?:=([^\s]+))?/g;

export function parseDirectives(text: string): Directives {
  if (!text.includes('sim:')) return NO_DIRECTIVES;
  const directives: Directives = { parallelTools: false, thinking: false, hang: false };
  for (const match of text.matchAll(DIRECTIVE_PATTERN)) {
    const name = match[1];
    const value = match[2];
    switch (name) {
      case 'error':
        directives.errorStatus = parseStatus(value) ?? 500;
        break;
      case 'midstream-error':
        directives.midstreamErrorStatus = parseStatus(value) ?? 500;
        break;
      case 'tool':
        if (value) directives.tool = readToolDirective(text, match.index + match[0].length, value);
        break;
      case 'parallel-tools':
        directives.parallelTools = true;
        break;
      case 'thinking':
        directives.thinking = true;
        break;
      case 'slow':
        directives.slowMs = parseCount(value);
        break;
      case 'hang':
        directives.hang = true;
        break;
      case 'long':
        directives.longTokens = parseCount(value);
        break;
      default:
        // An unknown `sim:` word is ordinary prompt text (a user may write "sim:" for other reasons).
        break;
    }
  }
  return directives;
}

function parseStatus(value: string | undefined): number | undefined {
  const status = Number(value);
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : undefined;
}

function parseCount(value: string | undefined): number | undefined {
  const count = Number(value);
  return Number.isFinite(count) && count >= 0 ? Math.floor(count) : undefined;
}

/**
 * `sim:tool=Bash {"command": "ls -la"}`: the arguments are one JSON object that may contain spaces,
 * so they are read from the text after the name with a brace matcher, not from the regex match.
 * A `{` glued to the name (`sim:tool=Bash{"a":1}`) is accepted too.
 */
function readToolDirective(text: string, afterMatch: number, value: string): Directives['tool'] {
  const glued = value.indexOf('{');
  const name = glued === -1 ? value : value.slice(0, glued);
  let start = glued === -1 ? afterMatch : afterMatch - (value.length - glued);
  while (start < text.length && (text[start] === ' ' || text[start] === '\t')) start += 1;
  const json = text[start] === '{' ? readJsonObject(text, start) : undefined;
  return { name, argumentsJson: json ?? '{}' };
}

/** Returns the balanced `{…}` starting at `start` if it parses as a JSON object. */
export function readJsonObject(text: string, start: number): string | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) {
        const candidate = text.slice(start, index + 1);
        try {
          const parsed: unknown = JSON.parse(candidate);
          return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? JSON.stringify(parsed) : undefined;
        } catch {
          return undefined;
        }
      }
    }
  }
  return undefined;
}
