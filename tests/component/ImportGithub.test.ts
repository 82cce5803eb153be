import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import ImportSection from '../../client/components/organize/ImportSection.svelte';
import OrganizePanel from '../../client/components/organize/OrganizePanel.svelte';
import type { Ack, ImportCounts, Refusal } from '../../shared/protocol.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function organizer(): FakeClient {
  const client = seeded({ me: 'p3' });
  client.person('p3', 'olga', 'organizer');
  return client;
}

const form = () => screen.getByRole('form', { name: 'Import from GitHub' });
const field = (name: string | RegExp) => within(form()).getByLabelText(name);
const button = () => within(form()).getByRole('button', { name: 'Import from GitHub' });

/** An answer the test lets go of when it has looked at the page in the meantime. */
function held(answer: Ack<ImportCounts>) {
  let release = () => {};
  const until = new Promise<void>((resolve) => (release = resolve));
  return { githubImport: { until, answer }, release };
}

const COUNTS: ImportCounts = { added: 12, updated: 3, closed: 1, unchanged: 40, skipped: 0 };

describe('the GitHub import', () => {
  it('is the first of three ways to import, each kept as it was while another is looked at', async () => {
    render(ImportSection, { client: organizer() });
    const ways = screen.getByRole('group', { name: 'Import issues' });
    expect(within(ways).getAllByRole('radio').map((radio) => radio.closest('label')?.textContent?.trim())).toEqual([
      'From GitHub',
      'From a CSV file',
      'Paste lines',
    ]);
    expect(screen.getByRole('radio', { name: 'From GitHub' })).toBeChecked();
    await userEvent.type(field('Repository, as owner/name'), 'octo-org/demo');
    await userEvent.click(screen.getByRole('radio', { name: 'Paste lines' }));
    expect(screen.queryByRole('form', { name: 'Import from GitHub' })).not.toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /^One issue a line/ })).toBeVisible();
    await userEvent.click(screen.getByRole('radio', { name: 'From a CSV file' }));
    expect(screen.getByLabelText('CSV file, with a header row')).toBeVisible();
    await userEvent.click(screen.getByRole('radio', { name: 'From GitHub' }));
    expect(field('Repository, as owner/name')).toHaveValue('octo-org/demo');
  });

  it('sends what was asked, shows the progress as it comes, then what it did; the token is gone after', async () => {
    const client = organizer();
    const { githubImport, release } = held({ ok: true, data: COUNTS });
    client.githubImport = githubImport;
    render(ImportSection, { client });
    await userEvent.type(field('Repository, as owner/name'), ' octo-org/demo ');
    await userEvent.type(field('Labels, separated by commas'), 'easy, good first issue,, ');
    await userEvent.type(field('Milestone, its title or number'), 'v2.0');
    await userEvent.click(within(form()).getByRole('checkbox', { name: 'Also mark closed issues' }));
    const token = field('Token (optional)');
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAttribute('autocomplete', 'off');
    expect(token).toHaveAccessibleDescription(/The server sends it only to GitHub and does not keep it/);
    await userEvent.type(token, 'ghp_secret123');
    await userEvent.click(button());
    expect(client.githubImports.map((run) => run.payload)).toEqual([
      { repo: 'octo-org/demo', labels: ['easy', 'good first issue'], milestone: 'v2.0', state: 'all', token: 'ghp_secret123' },
    ]);
    await tick();
    // Until GitHub says how many pages there are, the bar only says it is working.
    const bar = within(form()).getByRole('progressbar', { name: 'GitHub import progress' });
    expect(bar).not.toHaveAttribute('value');
    expect(form()).toHaveTextContent('0 issues so far');
    expect(button()).toHaveAttribute('aria-disabled', 'true');
    expect(button()).toHaveFocus();

    const { progress } = client.githubImports[0]!;
    progress({ done: 240, total: 1200 });
    await tick();
    expect(within(form()).getByRole('progressbar', { name: 'GitHub import progress' })).toHaveAttribute('value', '240');
    expect(within(form()).getByRole('progressbar', { name: 'GitHub import progress' })).toHaveAttribute('max', '1200');
    expect(form()).toHaveTextContent('240 of 1,200 issues');
    // A second click while it runs starts nothing.
    await userEvent.click(button());
    expect(client.githubImports).toHaveLength(1);

    release();
    expect(await within(form()).findByRole('status')).toHaveTextContent('Added 12, updated 3, closed upstream 1, unchanged 40');
    expect(within(form()).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(token).toHaveValue('');
    expect(field('Repository, as owner/name')).toHaveValue(' octo-org/demo ');
    expect(button()).toHaveFocus();
    expect(button()).toHaveAttribute('aria-disabled', 'false');
    expect(JSON.stringify({ ...localStorage })).not.toContain('ghp_secret123');
    expect(window.location.href).not.toContain('ghp_secret123');
  });

  it('outlasts the Organize panel: closed while it runs and opened again, it shows the progress, then what it did', async () => {
    const client = organizer();
    const { githubImport, release } = held({ ok: true, data: COUNTS });
    client.githubImport = githubImport;
    const { rerender } = render(OrganizePanel, { client, open: true });
    await userEvent.type(field('Repository, as owner/name'), 'octo-org/demo');
    await userEvent.click(button());
    await userEvent.click(screen.getByRole('button', { name: 'Close panel' }));
    expect(screen.queryByRole('form', { name: 'Import from GitHub' })).not.toBeInTheDocument();
    client.githubImports[0]!.progress({ done: 240, total: 1200 });
    await rerender({ open: true });
    expect(form()).toHaveTextContent('240 of 1,200 issues');
    expect(field('Repository, as owner/name')).toHaveValue('octo-org/demo');
    expect(button()).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(screen.getByRole('button', { name: 'Close panel' }));
    // The answer comes while the panel is closed.
    release();
    await rerender({ open: true });
    expect(await within(form()).findByRole('status')).toHaveTextContent('Added 12, updated 3, closed upstream 1, unchanged 40');
    expect(within(form()).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('leaves out what was not filled in', async () => {
    const client = organizer();
    render(ImportSection, { client });
    await userEvent.type(field('Repository, as owner/name'), 'python/cpython{Enter}');
    expect(client.githubImports.map((run) => run.payload)).toEqual([{ repo: 'python/cpython' }]);
  });

  const refusals: Refusal[] = [
    { code: 'not_found', message: 'github.com/octo-org/nope does not exist, or the token cannot see it.' },
    { code: 'forbidden', message: 'GitHub refused the token.' },
    { code: 'rate_limited', message: "GitHub's limit is used up until 14:05; add a token or wait." },
    { code: 'upstream_unavailable', message: 'Could not reach GitHub (getaddrinfo ENOTFOUND api.github.com).' },
  ];
  it.each(refusals)('says "$message" in the server\'s words, keeping the form as it was', async (error) => {
    const client = organizer();
    client.githubImport = { answer: { ok: false, error } };
    render(ImportSection, { client });
    await userEvent.type(field('Repository, as owner/name'), 'octo-org/nope');
    await userEvent.type(field('Labels, separated by commas'), 'easy');
    await userEvent.type(field('Token (optional)'), 'ghp_bad');
    await userEvent.click(button());
    expect(await within(form()).findByRole('alert')).toHaveTextContent(error.message);
    expect(within(form()).queryByRole('status')).not.toBeInTheDocument();
    expect(field('Repository, as owner/name')).toHaveValue('octo-org/nope');
    expect(field('Labels, separated by commas')).toHaveValue('easy');
    expect(field('Token (optional)')).toHaveValue('');
    expect(button()).toHaveFocus();

    // Trying again clears the old refusal.
    client.githubImport = { answer: { ok: true, data: COUNTS } };
    await userEvent.click(button());
    expect(await within(form()).findByRole('status')).toHaveTextContent('Added 12');
    expect(within(form()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says an import the server never answered may be run again safely', async () => {
    const client = organizer();
    client.githubImport = { answer: { ok: false, error: { code: 'no_answer', message: 'No answer from the server; check your connection and try again.' } } };
    render(ImportSection, { client });
    await userEvent.type(field('Repository, as owner/name'), 'octo-org/demo{Enter}');
    expect(await within(form()).findByRole('alert')).toHaveTextContent(
      'No answer from the server; check your connection and try again. What came in before stays on the board; importing again is safe.',
    );
  });
});
