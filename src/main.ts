#!/usr/bin/env bun
/**
 * `coderouter`: one executable, several commands (DESIGN.md §2). Each command's module is loaded
 * only when used, so `coderouter route` does not pay for the server.
 */
const HELP = `coderouter — an LLM gateway for coding agents

Usage:
  coderouter serve [--port 8787] [--host 127.0.0.1] [--config FILE] [--db FILE]   start the gateway (default)
  coderouter simulate [--port 9090] [--latency-ms N] [--chunk-delay-ms N]         a local simulated upstream
  coderouter keys create|list|revoke …                                            client keys (cr_…)
  coderouter users create|list|set-plan|add-provider-key|… …                      users, plans, BYOK
  coderouter route [--config FILE] < request.json                                 print the routing decision
  coderouter usage [--db FILE] [--by day|model|task|key]                          spend and savings summary

Run 'coderouter <command> --help' for a command's options.`;

async function main(argv: string[]): Promise<void> {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      if (rest.includes('--help')) return void console.log((await import('./cli/serve-command.ts')).SERVE_HELP);
      return (await import('./cli/serve-command.ts')).runServeCommand(rest);
    case 'simulate':
      return (await import('./simulate/index.ts')).runSimulateCommand(rest);
    case 'keys':
      return (await import('./auth/keys-command.ts')).runKeysCommand(rest, process.env);
    case 'users':
      return (await import('./users/users-command.ts')).runUsersCommand(rest, process.env);
    case 'route':
      return (await import('./cli/route-command.ts')).runRouteCommand(rest);
    case 'usage':
      return (await import('./cli/usage-command.ts')).runUsageCommand(rest);
    case 'help':
    case '--help':
    case '-h':
      return void console.log(HELP);
    case '--version':
    case 'version':
      return void console.log('coderouter 0.1.0');
    default:
      if (command.startsWith('--')) return (await import('./cli/serve-command.ts')).runServeCommand(argv);
      console.error(`coderouter: unknown command "${command}"\n\n${HELP}`);
      process.exit(2);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`coderouter: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
