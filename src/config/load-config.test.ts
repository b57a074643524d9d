import { describe, expect, test } from 'bun:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNoSelfLoop, ConfigError, loadConfig } from './load-config.ts';

function configFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'cr-config-')), 'coderouter.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadConfig', () => {
  test('starts with nothing configured', () => {
    const config = loadConfig({ env: {} });
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect([...config.providers.values()].every((p) => p.apiKey === undefined)).toBe(true);
    expect(config.catalog.find('deepseek-chat')?.provider).toBe('deepseek');
  });

  test('environment: <P>_API_KEY, overridden by CODEROUTER_<P>_API_KEY; base URL by CODEROUTER_<P>_BASE_URL', () => {
    const config = loadConfig({
      env: { ANTHROPIC_API_KEY: 'plain', CODEROUTER_ANTHROPIC_API_KEY: 'prefixed', DEEPSEEK_API_KEY: 'ds', CODEROUTER_DEEPSEEK_BASE_URL: 'http://127.0.0.1:9/v1/' },
    });
    expect(config.providers.get('anthropic')!.apiKey).toBe('prefixed');
    expect(config.providers.get('deepseek')!.apiKey).toBe('ds');
    expect(config.providers.get('deepseek')!.baseUrl).toBe('http://127.0.0.1:9/v1');
    expect(config.providers.get('anthropic')!.baseUrl).toBe('https://api.anthropic.com');
  });

  test('a custom OpenAI-compatible provider and model, overrides and rules', () => {
    const path = configFile({
      providers: { together: { protocol: 'openai', baseUrl: 'https://api.together.xyz/v1', apiKeyEnv: 'TOGETHER_KEY' } },
      models: [
        {
          id: 'kimi-k2',
          provider: 'together',
          tier: 1,
          contextWindow: 131072,
          maxOutputTokens: 16384,
          pricing: { input: 1, output: 3 },
          capabilities: { tools: true, vision: false, thinking: false },
        },
      ],
      modelOverrides: { 'deepseek-chat': { pricing: { input: 0.5 } } },
      routing: { rules: [{ when: { taskType: ['refactor'] }, models: ['kimi-k2', 'deepseek-chat'] }] },
    });
    const config = loadConfig({ path, env: { TOGETHER_KEY: 'tk' } });
    expect(config.providers.get('together')).toMatchObject({ protocol: 'openai', apiKey: 'tk' });
    expect(config.catalog.find('kimi-k2')!.upstreamId).toBe('kimi-k2');
    expect(config.catalog.find('deepseek-chat')!.pricing).toMatchObject({ input: 0.5, output: 0.42 });
    expect(config.routing.rules).toHaveLength(1);
  });

  test('an invalid file names the file and the bad field', () => {
    const path = configFile({ server: { port: 'eighty' }, routing: { rules: [{ models: [] }] } });
    expect(() => loadConfig({ path, env: {} })).toThrow(ConfigError);
    try {
      loadConfig({ path, env: {} });
    } catch (error) {
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain('server.port');
      expect((error as Error).message).toContain('routing.rules.0.models');
    }
  });

  test('unknown fields, bad JSON, unknown models in rules and missing files are refused clearly', () => {
    expect(() => loadConfig({ path: configFile({ sever: {} }), env: {} })).toThrow(/sever/);
    expect(() => loadConfig({ path: configFile('{ nope'), env: {} })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ path: configFile({ routing: { rules: [{ models: ['gpt-9'] }] } }), env: {} })).toThrow(/gpt-9/);
    expect(() => loadConfig({ path: '/nonexistent/coderouter.json', env: {} })).toThrow(/does not exist/);
    expect(() => loadConfig({ path: configFile({ providers: { acme: { baseUrl: 'https://acme.test/v1' } } }), env: {} })).toThrow(/providers\.acme\.protocol/);
  });

  test('a provider base URL pointing back at the gateway is refused at start', () => {
    const config = loadConfig({ env: { CODEROUTER_ANTHROPIC_BASE_URL: 'http://127.0.0.1:8787' } });
    expect(() => assertNoSelfLoop(config)).toThrow(/points back at this gateway/);
    const fine = loadConfig({ env: { CODEROUTER_ANTHROPIC_BASE_URL: 'http://127.0.0.1:9090' } });
    expect(() => assertNoSelfLoop(fine)).not.toThrow();
  });
});
