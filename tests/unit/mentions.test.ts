import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mentionRanges, mentions } from '../../client/lib/mentions.ts';
import { segments } from '../../client/lib/segments.ts';
import { mentionedNicks } from '../../shared/domain/index.ts';

/** The text of each range, as the chat would mark it. */
const marked = (text: string, nick: string) => mentionRanges(text, nick).map(([start, end]) => text.slice(start, end));

describe('mentions', () => {
  it.each([
    ['@bob can you review #12?', true],
    ['thanks @Bob!', true],
    ['(cc @BOB)', true],
    ['@ana, @bob: both of you', true],
    ['@bobby is someone else', false],
    ['mail bob@example.org', false],
    ['see https://example.org/@bob', false],
    ['bob, no @ here', false],
  ])('%j mentions bob: %s', (text, expected) => {
    expect(mentions(text, 'bob')).toBe(expected);
  });
});

describe('mentionRanges', () => {
  it.each<[string, string[]]>([
    ['@bob can you review #12?', ['@bob']],
    ['thanks @Bob!', ['@Bob']],
    ['(cc @BOB)', ['@BOB']],
    ['@bob and again @bob.', ['@bob', '@bob']],
    ['@ana, @bob: both of you', ['@bob']],
    ['@bobby is someone else', []],
    ['mail bob@example.org', []],
    ['ana@bob', []],

    ['see https://example.org/@bob and @bob', ['@bob']],
    ['@bob,https://example.org/@bob', ['@bob']],
    ['x.@bob', ['@bob']],
  ])('%j marks %j', (text, expected) => {
    expect(marked(text, 'bob')).toEqual(expected);
  });

  it('marks a word exactly when the shared reading says it mentions the nick', () => {
    // Words put together from the pieces a mention's edges are made of, so most hold an @bob somewhere.
    const piece = fc.constantFrom('@', '@bob', 'bob', 'BOB', 'x', '.', ',', '!', ')', '#1', '_', 'https://e.org/');
    const word = fc.array(piece, { maxLength: 5 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 4 }), (words) => {
        const text = words.join(' ');
        const named = mentionedNicks(text).some((nick) => nick.toLowerCase() === 'bob');
        expect(mentionRanges(text, 'bob').length > 0, text).toBe(named);
        for (const piece of marked(text, 'bob')) expect(piece.toLowerCase()).toBe('@bob');
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('segments with a reader', () => {
  it('makes the reader’s mentions segments of their own, among links and issue references', () => {
    expect(segments('@Bob see #12 and https://example.org/@bob, thanks @bob!', 'bob')).toEqual([
      { kind: 'mention', text: '@Bob' },
      { kind: 'text', text: ' see ' },
      { kind: 'issue', text: '#12', number: 12 },
      { kind: 'text', text: ' and ' },
      { kind: 'url', text: 'https://example.org/@bob', href: 'https://example.org/@bob' },
      { kind: 'text', text: ', thanks ' },
      { kind: 'mention', text: '@bob' },
      { kind: 'text', text: '!' },
    ]);
  });

  it('leaves other people’s mentions, and every mention without a reader, as text', () => {
    expect(segments('@ana and @bob', 'cy')).toEqual([{ kind: 'text', text: '@ana and @bob' }]);
    expect(segments('@ana and @bob')).toEqual([{ kind: 'text', text: '@ana and @bob' }]);
  });
});
