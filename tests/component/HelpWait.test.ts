import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import HelpQueue from '../../client/components/help/HelpQueue.svelte';
import { clockTime } from '../../client/lib/time.ts';
import type { PresenceEntry } from '../../shared/protocol.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

const ONE_MENTOR = '(0 ahead + 1) × 10 min, a default until 5 flags are resolved ÷ 1 mentor online, from half to one and a half times that.';
const NO_MENTOR = 'No mentor is online right now, so there is no wait to estimate.';

/** ana (me) asks, after cy if `behind`; who is online is set by the test. */
function asking(options: { behind?: boolean } = {}) {
  const client = seeded();
  client.person('p3', 'cy');
  if (options.behind) client.happen('p3', { type: 'help.raised', helpId: 'h1', note: 'which branch?' });
  client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'tests will not run' });
  return client;
}

function online(client: FakeClient, ...ids: string[]) {
  client.presence = {
    online: ids.map((id): PresenceEntry => {
      const person = client.board.people[id]!;
      return { personId: id, nick: person.nick, role: person.role, holds: [] };
    }),
    lurkers: 0,
  };
}

const renderHelp = (client: FakeClient) => render(HelpQueue, { client, onjoin: () => {}, onshowissue: () => {} });
const mine = () => screen.getByRole('listitem', { name: 'Help flag from ana' });
const explanation = (text: string) => screen.queryByText(text);

describe('an asker’s place and wait', () => {
  it('says where I am in line and the wait as a range, explained on hover', async () => {
    const client = asking();
    online(client, 'p1', 'p2');
    renderHelp(client);
    expect(mine()).toHaveTextContent(/You are 1st in line, waiting \d+ (min|h)/);
    const estimate = within(mine()).getByRole('button', { name: 'about 5–15 min' });
    expect(mine()).toHaveTextContent('Estimated wait: about 5–15 min');
    expect(estimate).toHaveAccessibleDescription(ONE_MENTOR);
    expect(explanation(ONE_MENTOR)).not.toBeVisible();

    await userEvent.hover(estimate);
    expect(explanation(ONE_MENTOR)).toBeVisible();
    // Hoverable: the pointer may move onto the sentence itself.
    await userEvent.hover(explanation(ONE_MENTOR)!);
    expect(explanation(ONE_MENTOR)).toBeVisible();
    await userEvent.unhover(explanation(ONE_MENTOR)!);
    expect(explanation(ONE_MENTOR)).not.toBeVisible();
  });

  it('explains the estimate on keyboard focus too, and Escape puts the explanation away', async () => {
    const client = asking();
    online(client, 'p2');
    renderHelp(client);
    const estimate = within(mine()).getByRole('button', { name: 'about 5–15 min' });
    estimate.focus();
    await tick();
    expect(explanation(ONE_MENTOR)).toBeVisible();
    await userEvent.keyboard('{Escape}');
    expect(explanation(ONE_MENTOR)).not.toBeVisible();
    expect(estimate).toHaveFocus();
    // A tap keeps it open where there is no hover.
    await userEvent.click(estimate);
    expect(explanation(ONE_MENTOR)).toBeVisible();
  });

  it('counts the people ahead and the mentors online, live, and says so when no mentor is online', async () => {
    const client = asking({ behind: true });
    online(client, 'p2');
    renderHelp(client);
    expect(mine()).toHaveTextContent('You are 2nd in line');
    expect(within(mine()).getByRole('button', { name: 'about 10–30 min' })).toHaveAccessibleDescription(/^\(1 ahead \+ 1\) × 10 min/);

    client.person('p5', 'max', 'mentor');
    online(client, 'p2', 'p5');
    await tick();
    expect(within(mine()).getByRole('button', { name: 'about 5–15 min' })).toHaveAccessibleDescription(/÷ 2 mentors online/);

    // An organizer answers flags too; a mentor who is not online does not.
    online(client, 'p3');
    await tick();
    const none = within(mine()).getByRole('button', { name: 'No mentor is online right now' });
    expect(none).toHaveAccessibleDescription(NO_MENTOR);

    client.happen('p2', { type: 'help.taken', helpId: 'h1' });
    await tick();
    expect(mine()).toHaveTextContent('You are 1st in line');
  });

  it('tells me who is helping once a mentor takes it, and shows no estimate then', async () => {
    const client = asking();
    online(client, 'p2');
    renderHelp(client);
    client.happen('p2', { type: 'help.taken', helpId: 'h9' });
    await tick();
    expect(mine()).toHaveTextContent(/bob is helping you, for/);
    expect(within(mine()).queryByText('Estimated wait:')).not.toBeInTheDocument();
  });

  it('shows a hold in my own time with the mentor’s reason, in place of an estimate', async () => {
    const client = asking({ behind: true });
    online(client, 'p2');
    renderHelp(client);
    client.happen('p2', { type: 'help.held', helpId: 'h9', minutes: 15, reason: 'back after the talk' });
    await tick();
    expect(mine()).toHaveTextContent(`On hold until ${clockTime(client.board.help.h9!.heldUntil!)}: back after the talk`);
    expect(mine()).toHaveTextContent('You are 2nd in line');
    expect(within(mine()).queryByRole('button', { name: /^about/ })).not.toBeInTheDocument();
    client.happen('system', { type: 'help.resumed', helpId: 'h9' });
    await tick();
    expect(mine()).not.toHaveTextContent('On hold');
    expect(within(mine()).getByRole('button', { name: 'about 10–30 min' })).toBeInTheDocument();
  });

  it('tells a page opened after the server cancelled my flag why it went', () => {
    const client = asking();
    client.happen('system', { type: 'help.cancelled', helpId: 'h9', reason: 'stranded' });
    // The fake's events are stamped two hours back: this one is made recent, as a live one would be.
    client.board.help.h9!.closedAt = Date.now() - 60_000;
    renderHelp(client);
    expect(screen.getByText('Your help flag was cancelled: you had no page open for 10 min. Ask again below.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ask for help' })).toBeInTheDocument();
  });
});
