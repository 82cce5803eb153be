import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import ImportSection from '../../client/components/organize/ImportSection.svelte';
import OrganizePanel from '../../client/components/organize/OrganizePanel.svelte';
import type { Ack, CommandResult, ImportCounts } from '../../shared/protocol.ts';
import { answerInTurn, holdAnswer } from './answers.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function organizer(): FakeClient {
  const client = seeded({ me: 'p3' });
  client.person('p3', 'olga', 'organizer');
  return client;
}

const section = () => screen.getByRole('group', { name: 'Import from a CSV file' });

/** Opens the CSV way and picks a file holding `text`, as a person would. */
async function pick(text: string, name = 'issues.csv') {
  await userEvent.click(screen.getByRole('radio', { name: 'From a CSV file' }));
  await userEvent.upload(within(section()).getByLabelText('CSV file, with a header row'), new File([text], name, { type: 'text/csv' }));
}

const mapping = (field: string) => within(section()).getByRole('combobox', { name: field });
const previewRows = () =>
  within(within(section()).getByRole('table')).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
const synced = (imported: Partial<ImportCounts>): Ack<CommandResult> => ({
  ok: true,
  data: { seq: 9, imported: { added: 0, updated: 0, closed: 0, unchanged: 0, skipped: 0, ...imported } },
});

/** Roundup's columns, `;` separated, with a BOM, CRLF, a quoted `;`, a quoted newline and doubled quotes. */
const ROUNDUP = [
  '\uFEFFid;title;type;keywords;link',
  '2001;"Crash; then a hang";crash;easy;https://bugs.example.org/2001',
  '2002;"Says ""hello""\r\ntwice";enhancement;;',
  ...Array.from({ length: 22 }, (_, i) => `${2003 + i};Issue ${2003 + i};behavior;"easy, docs";`),
].join('\r\n');

describe('the CSV import', () => {
  it('guesses the columns, shows the first rows as they will be imported, and imports them in batches', async () => {
    const client = organizer();
    answerInTurn(client, synced({ added: 18, updated: 2 }), synced({ added: 4 }));
    render(ImportSection, { client });
    await pick(ROUNDUP);
    expect(await within(section()).findByRole('group', { name: 'Which column holds what' })).toBeInTheDocument();
    expect(mapping('Number')).toHaveDisplayValue('id');
    expect(mapping('Title')).toHaveDisplayValue('title');
    expect(mapping('Link')).toHaveDisplayValue('link');
    expect(mapping('Type')).toHaveDisplayValue('type');
    expect(mapping('Labels')).toHaveDisplayValue('keywords');
    expect(within(section()).getByRole('table')).toHaveAccessibleName('The first 5 rows as they will be imported');
    expect(previewRows()).toEqual([
      ['2', '#2001', 'Crash; then a hang', 'https://bugs.example.org/2001', 'bug', 'easy'],
      ['3', '#2002', 'Says "hello" twice', '', 'feature', ''],
      ['5', '#2003', 'Issue 2003', '', 'bug', 'easy, docs'],
      ['6', '#2004', 'Issue 2004', '', 'bug', 'easy, docs'],
      ['7', '#2005', 'Issue 2005', '', 'bug', 'easy, docs'],
    ]);
    expect(section()).toHaveTextContent('24 rows to import.');
    expect(section()).toHaveTextContent('Types bugday does not know are imported as bugs: “crash” (1 row), “behavior” (22 rows).');
    expect(within(section()).queryByRole('list', { name: 'Rows that cannot be imported' })).not.toBeInTheDocument();

    const importButton = within(section()).getByRole('button', { name: 'Import 24 issues' });
    await userEvent.click(importButton);
    expect(await within(section()).findByRole('status')).toHaveTextContent('Added 22, updated 2, unchanged 0');
    expect(client.sent.map((sent) => sent.name)).toEqual(['issue:sync', 'issue:sync']);
    const [first, second] = client.sent.map((sent) => (sent.payload as { issues: unknown[] }).issues);
    expect(first).toHaveLength(20);
    expect(second).toHaveLength(4);
    expect(first![1]).toEqual({ number: 2002, title: 'Says "hello" twice', type: 'feature', labels: [] });
    expect(importButton).toHaveFocus();
  });

  it('shows the progress while the batches go', async () => {
    const client = organizer();
    client.answer = synced({ added: 12 });
    const { release } = holdAnswer(client, 2);
    render(ImportSection, { client });
    await pick(ROUNDUP);
    await userEvent.click(await within(section()).findByRole('button', { name: 'Import 24 issues' }));
    await tick();
    expect(within(section()).getByRole('progressbar', { name: 'CSV import progress' })).toHaveAttribute('value', '20');
    expect(section()).toHaveTextContent('20 of 24 issues');
    expect(within(section()).getByLabelText('CSV file, with a header row')).toBeDisabled();
    release();
    expect(await within(section()).findByRole('status')).toHaveTextContent('Added 24');
    expect(within(section()).queryByRole('progressbar')).not.toBeInTheDocument();
    expect(within(section()).getByLabelText('CSV file, with a header row')).toBeEnabled();
  });

  it('outlasts the Organize panel: opened again, it shows the same rows and how far the import got, then what it did', async () => {
    const client = organizer();
    client.answer = synced({ added: 12 });
    const { sent, release } = holdAnswer(client, 2);
    const { rerender } = render(OrganizePanel, { client, open: true });
    await pick(ROUNDUP);
    await userEvent.selectOptions(await within(section()).findByRole('combobox', { name: 'Labels' }), '(none)');
    await userEvent.click(within(section()).getByRole('button', { name: 'Import 24 issues' }));
    await sent;
    await userEvent.click(screen.getByRole('button', { name: 'Close panel' }));
    await rerender({ open: true });
    expect(screen.getByRole('radio', { name: 'From a CSV file' })).toBeChecked();
    expect(mapping('Labels')).toHaveDisplayValue('(none)');
    expect(previewRows()[0]).toEqual(['2', '#2001', 'Crash; then a hang', 'https://bugs.example.org/2001', 'bug', '']);
    expect(within(section()).getByRole('progressbar', { name: 'CSV import progress' })).toHaveAttribute('value', '20');
    await userEvent.click(screen.getByRole('button', { name: 'Close panel' }));
    release();
    await waitFor(() => expect(client.sent).toHaveLength(2));
    await rerender({ open: true });
    expect(await within(section()).findByRole('status')).toHaveTextContent('Added 24');
    expect(within(section()).queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('reports each bad row by its line and imports only on the explicit button, the valid rows only', async () => {
    const client = organizer();
    render(ImportSection, { client });
    const text = [
      'number,title,url',
      '1,"Crash, with a comma",https://bugs.example.org/1',
      '2,"Spans',
      'two lines",',
      ',No number',
      '3,Bad link,ftp://bugs.example.org/3',
      '1,Again one,',
      '4,Fine,',
    ].join('\n');
    await pick(text);
    const problems = await within(section()).findByRole('list', { name: 'Rows that cannot be imported' });
    expect(within(problems).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Line 5: it has no number',
      'Line 6: the link must be an http:// or https:// address',
      'Line 7: #1 is also on line 2',
    ]);
    expect(section()).toHaveTextContent('3 rows to import; 3 rows cannot be imported.');
    expect(within(section()).queryByRole('button', { name: /^Import \d+ issues/ })).not.toBeInTheDocument();
    expect(client.sent).toEqual([]);
    await userEvent.click(within(section()).getByRole('button', { name: 'Import the 3 valid rows' }));
    expect(client.sent.map((sent) => (sent.payload as { issues: { number: number }[] }).issues.map((issue) => issue.number))).toEqual([[1, 2, 4]]);
  });

  it('reads the columns the organizer picks, and imports nothing without a number or a title', async () => {
    const client = organizer();
    render(ImportSection, { client });
    await pick('Key,Summary,Short name\n7,A long summary,Short\n');
    expect(await within(section()).findByText('Pick the column that holds the number: every card needs one.')).toBeInTheDocument();
    expect(within(section()).queryByRole('button', { name: /^Import/ })).not.toBeInTheDocument();
    await userEvent.selectOptions(mapping('Number'), 'Key');
    expect(previewRows()).toEqual([['2', '#7', 'A long summary', '', '', '']]);
    await userEvent.selectOptions(mapping('Title'), 'Short name');
    expect(previewRows()).toEqual([['2', '#7', 'Short', '', '', '']]);
    await userEvent.selectOptions(mapping('Title'), '(none)');
    expect(section()).toHaveTextContent('Pick the column that holds the title');
    expect(within(section()).queryByRole('table')).not.toBeInTheDocument();
  });

  it('says the server\'s refusal, and how far the import had got', async () => {
    const client = organizer();
    answerInTurn(client, synced({ added: 20 }), { ok: false, error: { code: 'forbidden', message: 'The event is closed.' } });
    render(ImportSection, { client });
    await pick(ROUNDUP);
    await userEvent.click(await within(section()).findByRole('button', { name: 'Import 24 issues' }));
    expect(await within(section()).findByRole('alert')).toHaveTextContent(
      'The event is closed. The first 20 of 24 were imported before that (added 20, updated 0, unchanged 0); importing again is safe.',
    );
  });

  it('says a file is empty, and a file with only a header has no rows', async () => {
    render(ImportSection, { client: organizer() });
    await pick('\uFEFF\r\n', 'empty.csv');
    expect(await within(section()).findByRole('alert')).toHaveTextContent('The file is empty.');
    await userEvent.upload(within(section()).getByLabelText('CSV file, with a header row'), new File(['id,title\n'], 'header.csv'));
    expect(await within(section()).findByText('The file has no rows under its header.')).toBeInTheDocument();
    expect(within(section()).queryByRole('alert')).not.toBeInTheDocument();
  });
});
