import { afterEach, describe, expect, it } from 'vitest';
import { readFirstSync } from '../../client/lib/first-sync.ts';
import { emptyState } from '../../shared/domain/index.ts';
import { FIRST_SYNC_ELEMENT, type SyncPayload } from '../../shared/protocol.ts';

function serve(text: string) {
  const element = document.createElement('script');
  element.type = 'application/json';
  element.id = FIRST_SYNC_ELEMENT;
  element.textContent = text;
  document.body.append(element);
}

describe('readFirstSync', () => {
  afterEach(() => document.getElementById(FIRST_SYNC_ELEMENT)?.remove());

  it('reads the board the page came with, once, and takes it out of the DOM', () => {
    const text = 'ends </script><!-- here \u2028 and <b>';
    const snapshot: SyncPayload = { seq: 7, log: 'log-a', snapshot: { ...emptyState(), seq: 7, chat: [{ seq: 7, at: 0, author: 'p1', text }] } };
    // As the server writes it: every "<" escaped, so the text cannot end the element.
    serve(JSON.stringify(snapshot).replaceAll('<', '\\u003c'));
    expect(readFirstSync()).toEqual(snapshot);
    expect(document.getElementById(FIRST_SYNC_ELEMENT)).toBeNull();
    expect(readFirstSync()).toBeUndefined();
  });

  it('reads a replay of events too', () => {
    const replay: SyncPayload = { seq: 0, log: 'log-a', events: [] };
    serve(JSON.stringify(replay));
    expect(readFirstSync()).toEqual(replay);
  });

  it('has nothing without the element, or with one that is broken or of another shape, so the socket syncs instead', () => {
    expect(readFirstSync()).toBeUndefined();
    for (const text of ['', '{"seq": 1, "log": "x", "snap', 'null', '[]', '{"seq": "1", "log": "x", "events": []}', '{"seq": 1, "log": "x"}', '{"seq": 1, "log": "x", "events": {}}', '{"seq": 1, "log": "x", "snapshot": null}']) {
      serve(text);
      expect(readFirstSync(), text).toBeUndefined();
      expect(document.getElementById(FIRST_SYNC_ELEMENT)).toBeNull();
    }
  });
});
