import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import AddIssueForm from '../../client/components/board/AddIssueForm.svelte';
import { LIMITS } from '../../shared/protocol.ts';
import { seeded } from './fake-client.svelte.ts';

async function open() {
  await userEvent.click(screen.getByText('Add issue', { selector: 'summary' }));
}

describe('AddIssueForm', () => {
  it('sends a new issue with its number, link, type and labels, then clears', async () => {
    const client = seeded();
    render(AddIssueForm, { client });
    await open();
    await userEvent.type(screen.getByRole('textbox', { name: 'Title' }), 'Login loops');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Number' }), '4242');
    await userEvent.type(screen.getByRole('textbox', { name: 'Tracker link' }), 'https://bugs.example.org/4242');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Type' }), 'Feature request');
    await userEvent.type(screen.getByRole('textbox', { name: 'Labels' }), 'auth, easy ,');
    await userEvent.click(screen.getByRole('button', { name: 'Add issue' }));
    expect(client.sent).toEqual([
      {
        name: 'issue:create',
        payload: { title: 'Login loops', number: 4242, url: 'https://bugs.example.org/4242', type: 'feature', labels: ['auth', 'easy'] },
      },
    ]);
    expect(screen.getByRole('textbox', { name: 'Title' })).toHaveValue('');
  });

  it('bounds the title by the protocol limit', async () => {
    render(AddIssueForm, { client: seeded() });
    await open();
    expect(screen.getByRole('textbox', { name: 'Title' })).toHaveAttribute('maxlength', String(LIMITS.title));
  });

  it('shows a refusal next to the form and keeps what was typed', async () => {
    const client = seeded();
    client.answer = { ok: false, error: { code: 'conflict', message: '#101 is already on the board.' } };
    render(AddIssueForm, { client });
    await open();
    await userEvent.type(screen.getByRole('textbox', { name: 'Title' }), 'Again');
    await userEvent.type(screen.getByRole('spinbutton', { name: 'Number' }), '101');
    await userEvent.click(screen.getByRole('button', { name: 'Add issue' }));
    expect(screen.getByRole('alert')).toHaveTextContent('#101 is already on the board.');
    expect(screen.getByRole('textbox', { name: 'Title' })).toHaveValue('Again');
  });

  it('explains too many labels before sending', async () => {
    const client = seeded();
    render(AddIssueForm, { client });
    await open();
    await userEvent.type(screen.getByRole('textbox', { name: 'Title' }), 'Many');
    await userEvent.type(screen.getByRole('textbox', { name: 'Labels' }), Array.from({ length: 11 }, (_, i) => `l${i}`).join(','));
    await userEvent.click(screen.getByRole('button', { name: 'Add issue' }));
    expect(screen.getByRole('alert')).toHaveTextContent(`At most ${LIMITS.labels} labels`);
    expect(client.sent).toEqual([]);
  });
});
