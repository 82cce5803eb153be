import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import EventInfoForm from '../../client/components/organize/EventInfoForm.svelte';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function organizer(): FakeClient {
  const client = seeded({ me: 'p3' });
  client.person('p3', 'olga', 'organizer');
  return client;
}

const form = () => screen.getByRole('form', { name: 'Event details' });
const zoneField = () => within(form()).getByRole('combobox', { name: 'Time zone' });
const save = () => userEvent.click(within(form()).getByRole('button', { name: 'Save event details' }));

describe('the event’s time zone in the organizer’s form', () => {
  it('starts from the organizer’s own zone, suggests the zones the browser knows, and says what it is for', () => {
    render(EventInfoForm, { client: organizer() });
    expect(zoneField()).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(zoneField()).toHaveAccessibleDescription(/the start and end below are its clock’s/);
    const suggested = [...document.querySelectorAll<HTMLOptionElement>(`#${zoneField().getAttribute('list')} option`)].map((o) => o.value);
    expect(suggested).toContain('Europe/Berlin');
    expect(suggested).toHaveLength(Intl.supportedValuesOf('timeZone').length);
  });

  it('reads the start and end as the clock reads in the zone, and shows a saved event in its own', async () => {
    const client = organizer();
    const { unmount } = render(EventInfoForm, { client });
    await userEvent.clear(zoneField());
    await userEvent.type(zoneField(), 'America/New_York');
    await userEvent.type(within(form()).getByLabelText('Starts'), '2026-07-04T10:00');
    await userEvent.type(within(form()).getByLabelText('Ends'), '2026-07-04T18:00');
    await save();
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0]!.payload).toMatchObject({ timeZone: 'America/New_York', startsAt: Date.UTC(2026, 6, 4, 14), endsAt: Date.UTC(2026, 6, 4, 22) });
    unmount();

    client.happen('p3', { type: 'event.updated', info: { timeZone: 'Asia/Tokyo', startsAt: Date.UTC(2026, 6, 4, 1) } });
    render(EventInfoForm, { client });
    expect(zoneField()).toHaveValue('Asia/Tokyo');
    expect(within(form()).getByLabelText('Starts')).toHaveValue('2026-07-04T10:00');
  });

  it('refuses a zone the browser does not know, naming it, and sends nothing', async () => {
    const client = organizer();
    render(EventInfoForm, { client });
    await userEvent.clear(zoneField());
    await userEvent.type(zoneField(), 'Berlin');
    await save();
    expect(within(form()).getByRole('alert')).toHaveTextContent('“Berlin” is not a time zone: pick one from the list, e.g. Europe/Berlin.');
    expect(client.sent).toEqual([]);
  });
});
