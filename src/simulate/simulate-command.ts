import { parseFlags, parsePortFlag } from '../cli/parse-flags.ts';
import { startSimulator } from './server.ts';

export const SIMULATE_HELP = `coderouter simulate [--port 9090] [--host 127.0.0.1] [--latency-ms N] [--chunk-delay-ms N] [--quiet]

A local stand-in for the OpenAI and Anthropic APIs (Chat Completions, Responses, Messages), for
offline demos, tests and benchmarks. Any API key is accepted.
  --port            port to listen on (env CODEROUTER_SIM_PORT, default 9090; 0 picks a free one)
  --host            address to listen on (env CODEROUTER_SIM_HOST, default 127.0.0.1)
  --latency-ms      wait before the first byte of every response (default 0)
  --chunk-delay-ms  wait between stream events (default 0)
  --quiet           no line per request on stderr
Control: POST /_sim/faults, POST /_sim/reset, GET /_sim/requests, GET /_sim/stats.
Prompt directives: sim:error=429, sim:midstream-error, sim:tool=Name {"arg":1}, sim:parallel-tools,
sim:thinking, sim:slow=50, sim:hang, sim:long=2000.`;

/**
 * `coderouter simulate`: runs the simulator in the foreground until SIGINT or SIGTERM, so a demo
 * or a benchmark can point the gateway's provider base URLs at it. Prints one line with both base
 * URLs, the form each SDK wants (Anthropic without `/v1`, OpenAI with it).
 * @see ../../../shared/DESIGN.md §2
 */
export async function runSimulateCommand(argv: string[]): Promise<void> {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'latency-ms': { type: 'string' },
    'chunk-delay-ms': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return void console.log(SIMULATE_HELP);
  const port = parsePortFlag(values.port ?? process.env.CODEROUTER_SIM_PORT, values.port ? '--port' : 'CODEROUTER_SIM_PORT') ?? 9090;
  const simulator = await startSimulator({
    port,
    hostname: values.host ?? process.env.CODEROUTER_SIM_HOST ?? '127.0.0.1',
    latencyMs: parseMilliseconds(values['latency-ms'], '--latency-ms'),
    chunkDelayMs: parseMilliseconds(values['chunk-delay-ms'], '--chunk-delay-ms'),
    quiet: values.quiet === true,
  });
  console.log(`coderouter simulate listening: Anthropic base ${simulator.url}  OpenAI base ${simulator.url}/v1`);
  await new Promise<void>((resolve) => {
    const shutDown = () => {
      process.off('SIGINT', shutDown);
      process.off('SIGTERM', shutDown);
      resolve();
    };
    process.on('SIGINT', shutDown);
    process.on('SIGTERM', shutDown);
  });
  await simulator.stop();
}

function parseMilliseconds(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  const milliseconds = Number(value);
  if (!Number.isFinite(milliseconds) || milliseconds < 0) throw new Error(`${flag} must be a number of milliseconds, got "${value}"`);
  return milliseconds;
}
