import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

const configFrom = (env: NodeJS.ProcessEnv, argv: string[] = []) => readConfig(argv, env);

describe('metrics settings', () => {
  it('are off unless asked for', () => {
    expect(configFrom({}).metrics).toBe('off');
    expect(configFrom({ BUGDAY_METRICS: '0' }).metrics).toBe('off');
    expect(configFrom({ BUGDAY_METRICS: '' }).metrics).toBe('off');
  });

  it('BUGDAY_METRICS=1 serves them on the main port', () => {
    expect(configFrom({ BUGDAY_METRICS: '1' }).metrics).toBe('main');
  });

  it('BUGDAY_METRICS_PORT serves them on a port of their own, on 127.0.0.1 unless BUGDAY_METRICS_HOST says otherwise', () => {
    expect(configFrom({ BUGDAY_METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(configFrom({ BUGDAY_METRICS: '1', BUGDAY_METRICS_PORT: '9464', BUGDAY_METRICS_HOST: '10.0.0.5' }).metrics).toEqual({
      port: 9464,
      host: '10.0.0.5',
    });
  });

  it.each([
    [{ BUGDAY_METRICS_PORT: 'abc' }, /BUGDAY_METRICS_PORT must be a whole number from 0 to 65535, not "abc"/],
    [{ BUGDAY_METRICS_PORT: '70000' }, /BUGDAY_METRICS_PORT must be a whole number/],
    [{ BUGDAY_METRICS_PORT: '-1' }, /BUGDAY_METRICS_PORT must be a whole number/],
    [{ BUGDAY_METRICS_PORT: '9.5' }, /BUGDAY_METRICS_PORT must be a whole number/],
    [{ PORT: '8080', BUGDAY_METRICS_PORT: '8080' }, /BUGDAY_METRICS_PORT must differ from PORT \(8080\)/],
    [{ BUGDAY_METRICS_HOST: '0.0.0.0' }, /BUGDAY_METRICS_HOST is set without BUGDAY_METRICS_PORT/],
    [{ BUGDAY_METRICS: 'yes' }, /BUGDAY_METRICS must be 1 .* or 0, not "yes"/],
  ])('refuse %o', (env, message) => {
    expect(() => configFrom(env)).toThrow(ConfigError);
    expect(() => configFrom(env)).toThrow(message);
  });

  it('a metrics port equal to a --port flag is refused too', () => {
    expect(() => configFrom({ BUGDAY_METRICS_PORT: '4000' }, ['--port', '4000'])).toThrow(/must differ from PORT/);
  });
});

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


const trustProxy = (value: string) => readConfig([], { BUGDAY_TRUST_PROXY: value }).trustProxy;

describe('BUGDAY_TRUST_PROXY', () => {
  it('is off unless set', () => {
    expect(readConfig([], {}).trustProxy).toBeUndefined();
    expect(trustProxy('')).toBeUndefined();
    expect(trustProxy(' , ')).toBeUndefined();
  });

  it('takes a number of proxies', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy(' 2 ')).toBe(2);
  });

  it('takes addresses, ranges and the names of ranges, comma-separated', () => {
    expect(trustProxy('loopback')).toEqual(['loopback']);
    expect(trustProxy('loopback, 10.0.0.0/8 ,::1,fe80::/10,192.0.2.7,uniquelocal,linklocal')).toEqual([
      'loopback',
      '10.0.0.0/8',
      '::1',
      'fe80::/10',
      '192.0.2.7',
      'uniquelocal',
      'linklocal',
    ]);
  });

  it.each([
    ['true', /"true", which is not a number of proxies/],
    ['loopback, proxy.example.org', /"proxy\.example\.org"/],
    ['10.0.0.0/33', /"10\.0\.0\.0\/33"/],
    ['1, 2', /"1"/],
    ['-1', /"-1"/],
    ['1000', /BUGDAY_TRUST_PROXY must be a whole number from 0 to 100/],
  ])('refuses %j with a message that names it', (value, message) => {
    expect(() => trustProxy(value)).toThrow(ConfigError);
    expect(() => trustProxy(value)).toThrow(message);
  });
});

describe('BUGDAY_GITHUB_API_URL', () => {
  it('is GitHub’s own API unless set; a set one loses its trailing slash', () => {
    expect(configFrom({}).githubApiUrl).toBeUndefined();
    expect(configFrom({ BUGDAY_GITHUB_API_URL: 'https://ghe.example.org/api/v3/' }).githubApiUrl).toBe('https://ghe.example.org/api/v3');
  });

  it.each(['api.github.com', 'ftp://api.github.com', 'not a url'])('refuses %s', (value) => {
    expect(() => configFrom({ BUGDAY_GITHUB_API_URL: value })).toThrow(/BUGDAY_GITHUB_API_URL must be an http:\/\/ or https:\/\/ address/);
  });
});
