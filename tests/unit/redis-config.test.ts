import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../../server/config.ts';

const redisFrom = (env: NodeJS.ProcessEnv) => readConfig([], env).redis;

describe('BUGDAY_REDIS_URL', () => {
  it('leaves the event log in the data file unless set', () => {
    expect(redisFrom({})).toBeUndefined();
    expect(redisFrom({ BUGDAY_REDIS_URL: '' })).toBeUndefined();
  });

  it('takes a redis:// or rediss:// address, durable unless BUGDAY_REDIS_ALLOW_VOLATILE=1', () => {
    expect(redisFrom({ BUGDAY_REDIS_URL: 'redis://10.0.0.7:6379' })).toEqual({ url: 'redis://10.0.0.7:6379', allowVolatile: false });
    expect(redisFrom({ BUGDAY_REDIS_URL: 'rediss://:secret@redis.example.org:6380/2', BUGDAY_REDIS_ALLOW_VOLATILE: '1' })).toEqual({
      url: 'rediss://:secret@redis.example.org:6380/2',
      allowVolatile: true,
    });
  });

  it.each([
    [{ BUGDAY_REDIS_URL: 'http://127.0.0.1:6379' }, /BUGDAY_REDIS_URL must be a redis:\/\/ or rediss:\/\/ \(TLS\) address .*, not "http:\/\/127.0.0.1:6379"/],
    [{ BUGDAY_REDIS_URL: '127.0.0.1:6379' }, /BUGDAY_REDIS_URL must be a redis:\/\//],
    [{ BUGDAY_REDIS_URL: 'redis://127.0.0.1', BUGDAY_REDIS_ALLOW_VOLATILE: 'yes' }, /BUGDAY_REDIS_ALLOW_VOLATILE must be 1 .* or 0, not "yes"/],
    [{ BUGDAY_REDIS_ALLOW_VOLATILE: '1' }, /BUGDAY_REDIS_ALLOW_VOLATILE is set without BUGDAY_REDIS_URL/],
  ])('refuses %o', (env, message) => {
    expect(() => redisFrom(env)).toThrow(ConfigError);
    expect(() => redisFrom(env)).toThrow(message);
  });

  it('does not repeat the password of an address it refuses', () => {
    expect(() => redisFrom({ BUGDAY_REDIS_URL: 'https://:hunter2@redis.example.org' })).toThrow(/not "https:\/\/:\*\*\*@redis.example.org\/"/);
  });
});
