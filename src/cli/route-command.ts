import { extractFeatures } from '../classifier/extract-features.ts';
import { loadClassifier } from '../classifier/index.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Protocol } from '../protocols/protocol.ts';
import { PROTOCOLS } from '../protocols/protocol.ts';
import { parseRequestBody } from '../protocols/request-schemas.ts';
import { decideRoute, formatDryRun } from '../router/decide.ts';
import { needsOf, routerContext } from '../gateway/handle-model-request.ts';
import { parseFlags } from './parse-flags.ts';

/** Guesses the protocol of a bare request body: Responses has `input`; Anthropic has its own block types or a top-level `system`. */
export function detectProtocol(body: Record<string, unknown>): Protocol {
  if ('input' in body && !('messages' in body)) return 'responses';
  if ('system' in body) return 'anthropic';
  const text = JSON.stringify(body.messages ?? []);
  if (/"type":"(tool_use|tool_result|thinking)"/.test(text)) return 'anthropic';
  return 'openai';
}

/**
 * `coderouter route`: reads one request (any protocol) on stdin and prints the routing decision,
 * as the X-Dry-Run header does, without calling any model.
 */
export async function runRouteCommand(argv: string[]): Promise<void> {
  const { values } = parseFlags(argv, { config: { type: 'string' }, protocol: { type: 'string' }, strategy: { type: 'string' } });
  const config = loadConfig({ path: values.config });
  const input = await Bun.stdin.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(input);
  } catch (error) {
    console.error(`coderouter route: stdin is not JSON: ${(error as Error).message}`);
    process.exit(2);
  }
  if (values.protocol && !(PROTOCOLS as readonly string[]).includes(values.protocol)) {
    console.error(`coderouter route: --protocol must be one of ${PROTOCOLS.join(', ')}`);
    process.exit(2);
  }
  const protocol = (values.protocol as Protocol | undefined) ?? detectProtocol(body);
  if (protocol === 'anthropic' && body.max_tokens === undefined) body.max_tokens = 4096;
  try {
    const parsed = parseRequestBody(protocol, body);
    const features = extractFeatures({ protocol, body: parsed.body });
    const classifier = await loadClassifier();
    const classification = await classifier.classify(features);
    const configured = (provider: string) => !!config.providers.get(provider)?.apiKey;
    const anyConfigured = [...config.providers.values()].some((p) => p.apiKey);
    const decision = decideRoute(
      {
        requestedModel: parsed.model,
        classification: { ...classification, agent: features.agent },
        needs: needsOf(parsed.body, features),
        isToolResultTurn: features.isToolResultTurn,
        headerStrategy: values.strategy as never,
      },
      routerContext(config, anyConfigured ? configured : () => true),
    );
    console.log(JSON.stringify({ protocol, ...formatDryRun(decision) }, null, 2));
  } catch (error) {
    console.error(`coderouter route: ${(error as Error).message}`);
    process.exit(1);
  }
}
