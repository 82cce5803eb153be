import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Headcount from '../../client/components/organize/Headcount.svelte';
import People from '../../client/components/people/People.svelte';
import Header from '../../client/components/shell/Header.svelte';
import JoinDialog from '../../client/components/shell/JoinDialog.svelte';
import RegisterDialog from '../../client/components/shell/RegisterDialog.svelte';
import { toasts } from '../../client/lib/toasts.svelte.ts';
import type { Registration } from '../../shared/protocol.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

const CODE = 'r9.0123456789abcdefghijkl';

/** Registrations as the server would have folded them, each by a lurker. */
function register(client: FakeClient, ...registrations: Array<Omit<Registration, 'at' | 'personId'>>) {
  client.happen('lurker', ...registrations.map((registration) => ({ type: 'person.registered' as const, registration })));
}

const BEA = { id: 'r4', name: 'bea', venue: 'Montreal', firstTime: true, email: 'bea@example.org' };
const CAL = { id: 'r5', name: 'cal', venue: 'montreal ', firstTime: false };
const DEE = { id: 'r6', name: 'dee', firstTime: true };

afterEach(() => {
  history.replaceState(null, '', '/');
  toasts.clear();
});

describe('registering', () => {
  it('is offered beside Join to whoever has not joined, while the event is open', async () => {
    const client = seeded({ me: null });
    render(Header, { client, onjoin: () => {} });
    const banner = screen.getByRole('banner');
    expect(within(banner).getByRole('button', { name: 'Register' })).toBeInTheDocument();
    client.happen('p2', { type: 'event.closed' });
    await tick();
    expect(within(banner).queryByRole('button', { name: 'Register' })).not.toBeInTheDocument();
    expect(within(banner).getByRole('button', { name: 'Join' })).toBeInTheDocument();
  });

  it('is not offered to a person who joined', () => {
    render(Header, { client: seeded(), onjoin: () => {} });
    expect(screen.queryByRole('button', { name: 'Register' })).not.toBeInTheDocument();
  });

  it('sends the name, venue, first bug day and email, then shows the link to keep, with focus on the answer', async () => {
    const client = seeded({ me: null });
    client.happen('p2', { type: 'event.updated', info: { venues: ['Montreal', 'Lyon'] } });
    client.answer = { ok: true, data: { seq: 9, code: CODE } };
    render(Header, { client, onjoin: () => {} });
    const opener = screen.getByRole('button', { name: 'Register' });
    await userEvent.click(opener);
    const dialog = await screen.findByRole('dialog', { name: 'Register for Bug day' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'bea');
    const venue = within(dialog).getByRole('combobox', { name: 'Venue (optional)' });
    const choices = [...(venue as HTMLInputElement).list!.options].map((option) => option.value);
    expect(choices).toEqual(['Montreal', 'Lyon', 'remote']);
    await userEvent.type(venue, 'Montreal');
    await userEvent.click(within(dialog).getByRole('checkbox', { name: 'This is my first bug day' }));
    const email = within(dialog).getByRole('textbox', { name: 'Email (optional)' });
    expect(email).toHaveAccessibleDescription('Only organizers see it, and it is in no export.');
    await userEvent.type(email, 'bea@example.org');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Register' }));
    expect(client.sent).toEqual([{ name: 'person:register', payload: { name: 'bea', venue: 'Montreal', firstTime: true, email: 'bea@example.org' } }]);

    const answer = within(dialog).getByRole('heading', { name: 'You are registered' });
    expect(answer).toHaveFocus();
    const link = within(dialog).getByRole('link', { name: `${location.origin}/#join=${CODE}&nick=bea` });
    expect(link).toHaveAttribute('href', `${location.origin}/#join=${CODE}&nick=bea`);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(dialog).not.toHaveAttribute('open');
    expect(opener).toHaveFocus();
  });

  it('leaves out what was not said, and shows a refusal in the dialog, which stays open', async () => {
    const client = seeded({ me: null });
    client.answer = { ok: false, error: { code: 'conflict', message: 'bea is already registered.' } };
    render(RegisterDialog, { client, open: true });
    const dialog = screen.getByRole('dialog', { name: 'Register for Bug day' });
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Name' }), ' bea ');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Register' }));
    expect(client.sent).toEqual([{ name: 'person:register', payload: { name: 'bea' } }]);
    expect(within(dialog).getByRole('alert')).toHaveTextContent('bea is already registered.');
    expect(dialog).toHaveAttribute('open');
  });
});

describe('the registration link', () => {
  it('opens the Join dialog filled in as that registration, and the join claims it', async () => {
    history.replaceState(null, '', `/?type=docs#join=${CODE}&nick=bea`);
    const client = seeded({ me: null });
    register(client, BEA);
    client.joinAnswer = { ok: true, data: { token: 't', person: { id: 'p9', nick: 'bea', role: 'participant', joinedAt: 0 } } };
    render(JoinDialog, { client });
    const dialog = await screen.findByRole('dialog', { name: 'Join bugday' });
    expect(location.href).not.toContain(CODE);
    expect(location.search).toBe('?type=docs');
    expect(within(dialog).getByRole('note')).toHaveTextContent('You are joining as your registration: bea, Montreal, first bug day.');
    expect(within(dialog).getByRole('textbox', { name: 'Nick' })).toHaveValue('bea');
    expect(within(dialog).getByRole('checkbox', { name: 'This is my first bug day' })).toBeChecked();
    expect(within(dialog).getByRole('textbox', { name: 'Venue name' })).toHaveValue('Montreal');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Join' }));
    expect(client.joins).toEqual([{ nick: 'bea', venue: 'Montreal', firstTime: true, registration: CODE }]);
  });

  it('pasted into an open page opens the dialog too; cancelled, the join no longer claims it', async () => {
    const client = seeded({ me: null });
    client.joinAnswer = { ok: false, error: { code: 'nick_taken', message: 'The nick bea is taken; pick another one.' } };
    const { rerender } = render(JoinDialog, { client });
    history.replaceState(null, '', `/#join=${CODE}&nick=bea`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const dialog = await screen.findByRole('dialog', { name: 'Join bugday' });
    // The board has no such registration (the link is from another event, or it was claimed): the code still goes.
    expect(within(dialog).getByRole('note')).toHaveTextContent(/^You are joining as your registration\.$/);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(location.hash).toBe('');
    await rerender({ open: true });
    expect(within(dialog).queryByRole('note')).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Join' }));
    expect(client.joins).toEqual([{ nick: 'bea' }]);
  });

  it('tells a person who has joined already that it is for joining, and opens nothing', async () => {
    history.replaceState(null, '', `/#join=${CODE}&nick=bea`);
    render(JoinDialog, { client: seeded() });
    await tick();
    expect(toasts.items.map((toast) => toast.text)).toEqual(['You have joined already, as ana: a registration link is for joining.']);
    expect(screen.getByRole('dialog', { hidden: true })).not.toHaveAttribute('open');
  });
});

describe('the headcount', () => {
  function organizer() {
    const client = seeded({ me: 'p3' });
    client.person('p3', 'olga', 'organizer');
    client.happen('p3', { type: 'event.updated', info: { venues: ['Montreal', 'Lyon'] } });
    return client;
  }
  const rows = (table: HTMLElement) => within(table).getAllByRole('row').map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

  it('says nobody has registered, with the venues at zero', () => {
    render(Headcount, { client: organizer() });
    expect(screen.getByText(/^Nobody has registered yet/)).toBeInTheDocument();
    expect(rows(screen.getByRole('table', { name: 'Expected per venue' }))).toEqual([
      ['Venue', 'Registered', 'First-timers', 'Joined'],
      ['Montreal', '0', '0', '0'],
      ['Lyon', '0', '0', '0'],
      ['All', '0', '0', '0'],
    ]);
  });

  it('counts per venue as people register and join, live, and lists who registered with their emails', async () => {
    const client = organizer();
    register(client, BEA, CAL);
    render(Headcount, { client });
    const section = screen.getByRole('region', { name: 'Headcount' });
    expect(section).toHaveTextContent('2 people registered, 1 of them a first-timer; nobody has joined yet.');
    register(client, DEE);
    client.happen('p7', { type: 'person.joined', person: { id: 'p7', nick: 'cal', role: 'participant', joinedAt: 0, registrationId: 'r5' } });
    await tick();
    expect(section).toHaveTextContent('3 people registered, 2 of them first-timers; 1 has joined so far.');
    expect(rows(screen.getByRole('table', { name: 'Expected per venue' }))).toEqual([
      ['Venue', 'Registered', 'First-timers', 'Joined'],
      ['Montreal', '2', '1', '1'],
      ['Lyon', '0', '0', '0'],
      ['No venue given', '1', '1', '0'],
      ['All', '3', '2', '1'],
    ]);
    await userEvent.click(screen.getByText('Who registered (3)'));
    expect(rows(screen.getByRole('table', { name: 'Who registered' }))).toEqual([
      ['Name', 'Venue', 'First bug day', 'Joined as', 'Email'],
      ['bea', 'Montreal', 'yes', '', 'bea@example.org'],
      ['cal', 'montreal ', '', 'cal', ''],
      ['dee', '', 'yes', '', ''],
    ]);
    expect(screen.getByRole('link', { name: 'bea@example.org' })).toHaveAttribute('href', 'mailto:bea@example.org');
  });
});

describe('first-timers expected in People', () => {
  function people(me: string) {
    const client = seeded({ me });
    register(client, BEA, CAL, DEE);
    client.presence = { online: [{ personId: 'p1', nick: 'ana', role: 'participant', holds: [] }], lurkers: 0 };
    render(People, { client, onshowissue: () => {} });
    return client;
  }

  it('lists for a mentor the registered first-timers not here yet, until they join', async () => {
    const client = people('p2');
    const expected = screen.getByRole('list', { name: /^Expected first-timers/ });
    expect(within(expected).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['bea (first bug day), Montreal', 'dee (first bug day)']);
    client.happen('p8', { type: 'person.joined', person: { id: 'p8', nick: 'bea', role: 'participant', joinedAt: 0, firstTime: true, registrationId: 'r4' } });
    await tick();
    expect(within(expected).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['dee (first bug day)']);
    // Nobody left to expect: no heading over nothing.
    client.happen('p9', { type: 'person.joined', person: { id: 'p9', nick: 'dee', role: 'participant', joinedAt: 0, firstTime: true, registrationId: 'r6' } });
    await tick();
    expect(screen.queryByRole('heading', { name: /^Expected first-timers/ })).not.toBeInTheDocument();
  });

  it('lists nobody expected for a participant', () => {
    people('p1');
    expect(screen.queryByRole('list', { name: /^Expected/ })).not.toBeInTheDocument();
  });
});
