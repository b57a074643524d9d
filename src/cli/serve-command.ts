import { appendFileSync } from 'node:fs';
import { assertNoSelfLoop, ConfigError, loadConfig } from '../config/load-config.ts';
import { createGatewayServices } from '../gateway/create-services.ts';
import { createApp } from '../http/app.ts';
import { createLogger } from '../logging/logger.ts';
import { parseFlags, parsePortFlag } from './parse-flags.ts';

export const SERVE_HELP = `coderouter serve [--port 8787] [--host 127.0.0.1] [--config FILE] [--db FILE]

Starts the gateway. Logs are JSON lines on stderr (CODEROUTER_LOG_FILE appends them to a file instead;
CODEROUTER_LOG_LEVEL=debug|info|warn|error|silent). Environment: CODEROUTER_PORT, CODEROUTER_HOST, CODEROUTER_CONFIG, CODEROUTER_DB,
CODEROUTER_MASTER_KEY (admin client key), provider keys such as ANTHROPIC_API_KEY, OPENAI_API_KEY,
DEEPSEEK_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY (CODEROUTER_<PROVIDER>_API_KEY wins), and base
URLs CODEROUTER_<PROVIDER>_BASE_URL.`;

/**
 * `coderouter serve`: load config, open the database, load the classifier, listen. Resolves with
 * the running server (tests start it in-process on port 0).
 */
export async function startGateway(argv: string[], env: Record<string, string | undefined> = process.env) {
  const { values } = parseFlags(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    config: { type: 'string' },
    db: { type: 'string' },
  });
  const config = loadConfig({
    path: values.config,
    env,
    overrides: { port: parsePortFlag(values.port, '--port'), host: values.host, db: values.db },
  });
  const logFile = env.CODEROUTER_LOG_FILE;
  const logger = createLogger(
    (env.CODEROUTER_LOG_LEVEL as never) ?? config.logging.level,
    logFile ? (line) => appendFileSync(logFile, line) : undefined,
  );
  const services = await createGatewayServices(config, logger, env);
  const app = createApp(services, { admin: services.admin });
  const server = Bun.serve({
    port: config.port,
    hostname: config.host,
    fetch: app.fetch,
    // Streams can stay open for minutes while a model thinks; Bun's default idle timeout is 10 s.
    idleTimeout: 255,
    maxRequestBodySize: config.maxBodyBytes + 1024 * 1024,
  });
  // Port 0 picks a free port: check the self-loop against the real one.
  config.port = server.port ?? config.port;
  assertNoSelfLoop(config);
  const configured = [...config.providers.values()].filter((p) => p.apiKey).map((p) => p.id);
  logger.info('coderouter listening', {
    url: `http://${config.host}:${server.port}`,
    providers: configured,
    classifier: services.classifier.name,
    db: config.dbPath,
  });
  if (configured.length === 0) {
    logger.warn('no provider API key configured: dry-run works, real calls will fail until you set e.g. ANTHROPIC_API_KEY or DEEPSEEK_API_KEY');
  }
  return {
    server,
    services,
    url: `http://${config.host}:${server.port}`,
    async stop() {
      server.stop(true);
      await services.close();
    },
  };
}

export async function runServeCommand(argv: string[]): Promise<void> {
  try {
    const gateway = await startGateway(argv);
    const shutdown = async () => {
      await gateway.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  } catch (error) {
    if (error instanceof ConfigError || (error as Error).name === 'TypeError' && (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`coderouter: ${(error as Error).message}`);
      process.exit(2);
    }
    throw error;
  }
}
