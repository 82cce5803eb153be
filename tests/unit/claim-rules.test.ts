import { describe, expect, it } from 'vitest';
import { discouragedText, firstTimerText, rulesText } from '../../client/lib/claim-rules.ts';
import { draftOf, parseBranches, rulesChange, type RulesDraft } from '../../client/lib/claim-rules-form.ts';
import { emptyState } from '../../shared/domain/index.ts';
import type { EventInfo } from '../../shared/protocol.ts';

const event = (): EventInfo => emptyState().event;
const draft = (change: Partial<RulesDraft>): RulesDraft => ({ ...draftOf(event()), ...change });

describe('the claim rules in words', () => {
  it('says the caps and the lease as a person reads them', () => {
    expect(rulesText(event().claims)).toBe(
      'You may hold 3 issues at a time (first-timers 1). A claim goes stale after 3 h without activity and is released 30 min later.',
    );
    expect(rulesText({ leaseMinutes: 1, graceMinutes: 10_080, max: 1, newcomerMax: 1 })).toBe(
      'You may hold 1 issue at a time (first-timers 1). A claim goes stale after 1 min without activity and is released 168 h later.',
    );
    expect(firstTimerText(1)).toBe("You'll hold one issue at a time and mentors will look out for you.");
    expect(firstTimerText(3)).toBe("You'll hold up to 3 issues at a time and mentors will look out for you.");
  });

  it('names the discouraged kinds only while there is a focus', () => {
    expect(discouragedText({ text: 'Crashes', discouraged: ['feature', 'docs', 'other'] })).toBe(
      'Claiming feature requests, docs issues or other issues asks you to confirm first.',
    );
    expect(discouragedText({ text: '', discouraged: ['feature'] })).toBe('');
    expect(discouragedText({ text: 'Crashes', discouraged: [] })).toBe('');
  });
});

describe('the Claims, focus and help form', () => {
  it('refuses what the schema would, in words', () => {
    expect(rulesChange(event(), draft({ leaseMinutes: 0 }))).toEqual({ problem: 'The lease is a whole number of minutes from 1 to 10080 (a week).' });
    expect(rulesChange(event(), draft({ graceMinutes: 10_081 }))).toEqual({
      problem: 'The grace time is a whole number of minutes from 1 to 10080 (a week).',
    });
    expect(rulesChange(event(), draft({ leaseMinutes: 1.5 }))).toHaveProperty('problem');
    expect(rulesChange(event(), draft({ max: null }))).toEqual({ problem: 'The most one person may hold is a whole number from 1 to 100.' });
    expect(rulesChange(event(), draft({ newcomerMax: 101, max: 100 }))).toEqual({
      problem: 'The most a first-timer may hold is a whole number from 1 to 100.',
    });
    expect(rulesChange(event(), draft({ max: 2, newcomerMax: 3 }))).toEqual({
      problem: 'First-timers cannot be allowed more issues (3) than anyone else (2).',
    });
    expect(rulesChange(event(), draft({ focusText: 'x'.repeat(301) }))).toEqual({ problem: 'The focus is at most 300 characters.' });
  });

  it('reads branches separated by commas, spaces or lines, each once and within bounds', () => {
    expect(parseBranches(' main, 3.13\n3.12 ,, ')).toEqual(['main', '3.13', '3.12']);
    expect(parseBranches('')).toEqual([]);
    expect(parseBranches('main 3.13 main')).toBe('The branch main is named twice.');
    expect(parseBranches(`main ${'b'.repeat(41)}`)).toMatch(/is longer than 40 characters/);
    expect(parseBranches(Array.from({ length: 21 }, (_, i) => `b${i}`).join(','))).toBe('At most 20 branches, please.');
  });

  it("sends the help queue's rules when they differ, and refuses a grace time out of bounds", () => {
    const now = event();
    expect(rulesChange(now, draft({ firstTimersFirst: true }))).toEqual({ change: { help: { firstTimersFirst: true } } });
    expect(rulesChange(now, draft({ helpGraceMinutes: 5 }))).toEqual({ change: { help: { graceMinutes: 5 } } });
    expect(rulesChange(now, draft({ helpGraceMinutes: 0 }))).toEqual({
      problem: "The help queue's grace time is a whole number of minutes from 1 to 10080 (a week).",
    });
  });

  it('sends the first-timer friendly label trimmed when it differs, empty to name none', () => {
    const now = event();
    expect(rulesChange(now, draft({ friendlyLabel: ' easy ' }))).toEqual({ change: { friendlyLabel: 'easy' } });
    now.friendlyLabel = 'easy';
    expect(rulesChange(now, draftOf(now))).toEqual({ change: {} });
    expect(rulesChange(now, { ...draftOf(now), friendlyLabel: '  ' })).toEqual({ change: { friendlyLabel: '' } });
    expect(rulesChange(now, { ...draftOf(now), friendlyLabel: 'x'.repeat(41) })).toEqual({
      problem: 'The first-timer friendly label is at most 40 characters, as any label.',
    });
  });

  it('sends only what differs, the focus and the branches whole', () => {
    const now = event();
    now.focus = { text: 'Crashes', discouraged: ['feature', 'docs'] };
    now.branches = ['main'];
    expect(rulesChange(now, draftOf(now))).toEqual({ change: {} });
    // The same types ticked in another order, the same text with spaces around it: nothing changed.
    expect(rulesChange(now, { ...draftOf(now), discouraged: ['docs', 'feature'], focusText: ' Crashes ' })).toEqual({ change: {} });
    expect(rulesChange(now, { ...draftOf(now), graceMinutes: 45, focusText: '', branches: 'main, 3.13' })).toEqual({
      change: { claims: { graceMinutes: 45 }, focus: { text: '', discouraged: ['feature', 'docs'] }, branches: ['main', '3.13'] },
    });
  });
});
