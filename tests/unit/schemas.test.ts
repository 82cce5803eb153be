import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../shared/protocol.ts';
import { COMMAND_NAMES, parseCommand, parseIssueHistory, parseJoin } from '../../shared/schemas.ts';
import { EMPTY_PAYLOAD, validPayloads } from '../fixtures/payloads.ts';

describe('nicks', () => {
  it.each(['ana', 'Ana_B', 'é', 'x'.repeat(LIMITS.nick), '李小龙', 'bob[away]'])('accepts %j', (nick) => {
    expect(parseJoin({ nick })).toEqual({ ok: true, value: { nick } });
  });

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(LIMITS.nick + 1)],
    ['a space', 'ana b'],
    ['a tab', 'ana\tb'],
    ['a newline', 'ana\n'],
    ['a control character', 'ana\u0007'],
    ['a zero-width joiner', 'ana\u200d'],
    ['a right-to-left override', '\u202eana'],
    ['not a string', 42],
  ])('refuses %s', (_why, nick) => {
    const parsed = parseJoin({ nick });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.code).toBe('invalid_payload');
      expect(parsed.error.message).toMatch(/nick/);
    }
  });

  it('takes an optional venue, trimmed and bounded', () => {
    expect(parseJoin({ nick: 'ana', venue: ' Montreal ' })).toEqual({ ok: true, value: { nick: 'ana', venue: 'Montreal' } });
    expect(parseJoin({ nick: 'ana', venue: 'x'.repeat(LIMITS.venue + 1) }).ok).toBe(false);
  });
});

describe('command payloads', () => {
  const valid = validPayloads;

  it('covers every command', () => {
    expect(Object.keys(valid).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(COMMAND_NAMES)('%s: accepts a valid payload with a commandId', (name) => {
    const parsed = parseCommand(name, { ...valid[name], commandId: 'c-1' });
    expect(parsed).toEqual({ ok: true, value: { name, payload: valid[name], commandId: 'c-1' } });
  });

  it.each(COMMAND_NAMES)('%s: refuses extra keys, null, arrays, strings and wrong types', (name) => {
    const hostile: unknown[] = [
      { ...valid[name], extra: 1 },
      { ...valid[name], __proto__: { admin: true } },
      JSON.parse(`{"__proto__": {"polluted": 1}${EMPTY_PAYLOAD.has(name) ? '}' : `, ${JSON.stringify(valid[name]).slice(1)}`}`),
      { ...valid[name], constructor: { prototype: { polluted: 1 } } },
      null,
      undefined,
      [],
      [valid[name]],
      'text',
      42,
      ...(EMPTY_PAYLOAD.has(name) ? [] : [{}, Object.fromEntries(Object.keys(valid[name]).map((key) => [key, { nested: true }]))]),
      { ...valid[name], commandId: 'x'.repeat(LIMITS.commandId + 1) },
    ];
    for (const payload of hostile) {
      const parsed = parseCommand(name, payload);
      expect(parsed.ok, JSON.stringify(payload)).toBe(false);
      if (!parsed.ok) expect(parsed.error.code).toBe('invalid_payload');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bounds chat text to 1–2,000 characters, keeping newlines', () => {
    expect(parseCommand('chat:send', { text: 'x'.repeat(LIMITS.chat) }).ok).toBe(true);
    expect(parseCommand('chat:send', { text: 'two\nlines' })).toMatchObject({ ok: true, value: { payload: { text: 'two\nlines' } } });
    expect(parseCommand('chat:send', { text: 'x'.repeat(LIMITS.chat + 1) })).toMatchObject({
      ok: false,
      error: { message: 'text: a message is at most 2000 characters' },
    });
    expect(parseCommand('chat:send', { text: '   ' })).toMatchObject({ ok: false, error: { message: 'text: a message cannot be empty' } });
    expect(parseCommand('chat:send', { text: 'bell\u0007' }).ok).toBe(false);
    expect(parseCommand('chat:send', { text: 'x'.repeat(1_000_000) }).ok).toBe(false);
  });

  it('bounds titles, labels and issue numbers', () => {
    expect(parseCommand('issue:create', { title: 'x'.repeat(LIMITS.title + 1) }).ok).toBe(false);
    expect(parseCommand('issue:create', { title: 'a\nb' }).ok).toBe(false);
    expect(parseCommand('issue:create', { title: 'ok', labels: Array(LIMITS.labels + 1).fill('l') }).ok).toBe(false);
    expect(parseCommand('issue:create', { title: 'ok', labels: ['x'.repeat(LIMITS.label + 1)] }).ok).toBe(false);
    for (const number of [0, -1, 1.5, LIMITS.issueNumber + 1, Number.NaN, '123']) {
      expect(parseCommand('issue:create', { title: 'ok', number }).ok, String(number)).toBe(false);
    }
    expect(parseCommand('issue:create', { title: 'ok', type: 'epic' }).ok).toBe(false);
  });

  it("takes the event's time zone only by a name the runtime knows", () => {
    expect(parseCommand('event:update', { timeZone: 'America/Montreal' })).toMatchObject({ ok: true, value: { payload: { timeZone: 'America/Montreal' } } });
    for (const timeZone of ['Mars/Olympus', '', 'x'.repeat(65), 5]) {
      expect(parseCommand('event:update', { timeZone }).ok, String(timeZone)).toBe(false);
    }
    expect(parseCommand('event:update', { timeZone: 'Mars/Olympus' })).toMatchObject({ error: { message: 'timeZone: that is not a time zone (e.g. Europe/Berlin)' } });
  });

  it('links must be http or https', () => {
    for (const url of ['javascript:alert(1)', 'data:text/html,<script>', 'ftp://x.org', 'not a url', 'JAVASCRIPT:alert(1)']) {
      expect(parseCommand('issue:create', { title: 'ok', url }).ok, url).toBe(false);
    }
    expect(parseCommand('issue:create', { title: 'ok', url: 'http://bugs.python.org/issue123' }).ok).toBe(true);
  });

  it('moves only to known columns', () => {
    expect(parseCommand('issue:move', { issueId: 'i4', column: 'wontfix' }).ok).toBe(false);
  });

  it('ids are short words', () => {
    expect(parseCommand('issue:claim', { issueId: '../../etc' }).ok).toBe(false);
    expect(parseCommand('issue:claim', { issueId: 'x'.repeat(LIMITS.id + 1) }).ok).toBe(false);
  });
});

describe('issue:history payloads', () => {
  it('take one issue id, bounded like every id', () => {
    expect(parseIssueHistory({ issueId: 'i4' })).toEqual({ ok: true, value: { issueId: 'i4' } });
    expect(parseIssueHistory({ issueId: 'i'.repeat(LIMITS.id) }).ok).toBe(true);
  });

  it.each([
    ['no issueId', {}],
    ['an issueId that is not a string', { issueId: 4 }],
    ['an empty issueId', { issueId: '' }],
    ['an overlong issueId', { issueId: 'i'.repeat(LIMITS.id + 1) }],
    ['an issueId with spaces', { issueId: 'i 4' }],
    ['an extra key', { issueId: 'i4', commandId: 'c1' }],
  ])('refuse %s', (_why, payload) => {
    expect(parseIssueHistory(payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
