import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ClaimRulesForm from '../../client/components/organize/ClaimRulesForm.svelte';
import Shortcuts from '../../client/components/shell/Shortcuts.svelte';
import { seeded } from './fake-client.svelte.ts';

describe('the first-timer friendly label', () => {
  it('is named by the organizer in the claims form, and only sent when it changes', async () => {
    const client = seeded();
    client.happen('p1', { type: 'person.roleChanged', personId: 'p1', role: 'organizer' });
    render(ClaimRulesForm, { client });
    const form = screen.getByRole('form', { name: 'Claims, focus and help' });
    const label = within(form).getByRole('textbox', { name: 'First-timer friendly label' });
    expect(label).toHaveAccessibleDescription('Cards with this label are what the board’s “First-timer friendly” filter shows. Empty for none.');
    await userEvent.type(label, ' easy ');
    await userEvent.click(within(form).getByRole('button', { name: 'Save claims, focus and help' }));
    expect(client.sent).toEqual([{ name: 'event:update', payload: { friendlyLabel: 'easy' } }]);
  });
});

describe('the list of shortcuts', () => {
  it('names "/" for the board’s search', () => {
    render(Shortcuts, { open: true });
    const slash = screen.getByText('/', { selector: 'kbd' });
    expect(slash.closest('dt')?.nextElementSibling).toHaveTextContent('Search the board');
  });
});
