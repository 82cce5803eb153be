import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

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
