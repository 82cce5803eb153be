import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import JoinDialog from '../../client/components/shell/JoinDialog.svelte';
import { LIMITS } from '../../shared/protocol.ts';
import { seeded } from './fake-client.svelte.ts';

describe('JoinDialog', () => {
  it('joins with a nick and a named venue, then closes', async () => {
    const client = seeded({ me: null });
    client.joinAnswer = { ok: true, data: { token: 't', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0 } } };
    render(JoinDialog, { client, open: true });
    const dialog = screen.getByRole('dialog', { name: 'Join bugday' });
    const nick = screen.getByRole('textbox', { name: 'Nick' });
    expect(nick).toHaveAttribute('maxlength', String(LIMITS.nick));
    await userEvent.type(nick, 'cy');
    await userEvent.click(screen.getByRole('radio', { name: 'At a venue' }));
    await userEvent.type(screen.getByRole('textbox', { name: 'Venue name' }), 'Berlin');
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(client.joins).toEqual([{ nick: 'cy', venue: 'Berlin' }]);
    expect(dialog).not.toHaveAttribute('open');
  });

  it('says "remote" for a remote participant and nothing when not said', async () => {
    const client = seeded({ me: null });
    client.joinAnswer = { ok: true, data: { token: 't', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0 } } };
    render(JoinDialog, { client, open: true });
    await userEvent.type(screen.getByRole('textbox', { name: 'Nick' }), 'cy');
    await userEvent.click(screen.getByRole('radio', { name: 'Remote' }));
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(client.joins).toEqual([{ nick: 'cy', venue: 'remote' }]);
  });

  it('joins as a first-timer, told what that means with the event’s own cap', async () => {
    const client = seeded({ me: null });
    client.joinAnswer = { ok: true, data: { token: 't', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0, firstTime: true } } };
    client.happen('p2', { type: 'event.updated', info: { claims: { leaseMinutes: 180, graceMinutes: 30, max: 3, newcomerMax: 2 } } });
    render(JoinDialog, { client, open: true });
    await userEvent.type(screen.getByRole('textbox', { name: 'Nick' }), 'cy');
    const first = screen.getByRole('checkbox', { name: 'This is my first bug day' });
    expect(first).toHaveAccessibleDescription('You\'ll hold up to 2 issues at a time and mentors will look out for you.');
    await userEvent.click(first);
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(client.joins).toEqual([{ nick: 'cy', firstTime: true }]);
  });

  it('says "one issue" under the default cap, and sends no firstTime when the box is left alone', async () => {
    const client = seeded({ me: null });
    client.joinAnswer = { ok: true, data: { token: 't', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0 } } };
    render(JoinDialog, { client, open: true });
    expect(screen.getByRole('checkbox', { name: 'This is my first bug day' })).toHaveAccessibleDescription(
      'You\'ll hold one issue at a time and mentors will look out for you.',
    );
    await userEvent.type(screen.getByRole('textbox', { name: 'Nick' }), 'cy');
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(client.joins[0]).not.toHaveProperty('firstTime');
  });

  it('shows a taken nick inside the dialog and stays open', async () => {
    const client = seeded({ me: null });
    client.joinAnswer = { ok: false, error: { code: 'nick_taken', message: 'The nick ana is taken; pick another one.' } };
    render(JoinDialog, { client, open: true });
    await userEvent.type(screen.getByRole('textbox', { name: 'Nick' }), 'ana');
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(screen.getByRole('alert')).toHaveTextContent('The nick ana is taken; pick another one.');
    expect(client.joins).toEqual([{ nick: 'ana', venue: undefined }]);
    expect(screen.getByRole('dialog', { name: 'Join bugday' })).toHaveAttribute('open');
  });

  it('closes on Cancel without joining', async () => {
    const client = seeded({ me: null });
    render(JoinDialog, { client, open: true });
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.getByRole('dialog', { hidden: true })).not.toHaveAttribute('open');
    expect(client.joins).toEqual([]);
  });
});
