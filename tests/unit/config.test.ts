import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

const configFrom = (env: NodeJS.ProcessEnv, argv: string[] = []) => readConfig(argv, env);

describe('BUGDAY_LOG_LEVEL', () => {
  it('is info unless set to one of pino’s levels', () => {
    expect(configFrom({}).logLevel).toBe('info');
    expect(configFrom({ BUGDAY_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(configFrom({ BUGDAY_LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it('refuses a level pino does not have', () => {
    expect(() => configFrom({ BUGDAY_LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => configFrom({ BUGDAY_LOG_LEVEL: 'loud' })).toThrow(/BUGDAY_LOG_LEVEL must be one of .*info.*, not "loud"/);
  });
});
