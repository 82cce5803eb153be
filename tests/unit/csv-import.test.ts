import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { columnNames, decodeCsv, guessMapping, planCsv, readCsv, type CsvTable, type Mapping } from '../../client/lib/csv-import.ts';

function table(text: string): CsvTable {
  const read = readCsv(text);
  if (!read.ok) throw new Error(read.problem);
  return read.table;
}

/** Read, with the columns guessed from the header. */
const plan = (text: string, mapping?: Partial<Mapping>) => {
  const read = table(text);
  return planCsv(read, { ...guessMapping(read.columns), ...mapping });
};

const problemsOf = (text: string) => Object.fromEntries(plan(text).problems.map(({ line, problems }) => [line, problems]));

describe('readCsv', () => {
  it('reads quoted commas, doubled quotes and newlines inside quotes, after a BOM, with CRLF line ends', () => {
    const text = '\uFEFFid,title,url\r\n101,"Crash, then hang",https://bugs.example.org/101\r\n102,"Says ""hi""\r\ntwice",\r\n103,Plain,\r\n';
    const read = table(text);
    expect(read.columns).toEqual(['id', 'title', 'url']);
    expect(read.rows).toEqual([
      { line: 2, cells: ['101', 'Crash, then hang', 'https://bugs.example.org/101'] },
      { line: 3, cells: ['102', 'Says "hi"\r\ntwice', ''] },
      { line: 5, cells: ['103', 'Plain', ''] },
    ]);
  });

  it('guesses the separator: semicolons, even with commas in the fields, and tabs', () => {
    expect(table('number;title\n7;One, two, three\n8;Four, five\n').rows.map((row) => row.cells)).toEqual([
      ['7', 'One, two, three'],
      ['8', 'Four, five'],
    ]);
    expect(table('number\ttitle\n7\tA, b; c\n').rows[0]!.cells).toEqual(['7', 'A, b; c']);
  });

  it('counts lines through blank lines, blank-looking lines and a header that is not on line 1', () => {
    const text = '\n\nid,title\n\n1,a\n   \n\n2,"b\nc\nd"\n3,e';
    expect(table(text).rows.map((row) => [row.line, row.cells[0]])).toEqual([
      [5, '1'],
      [8, '2'],
      [11, '3'],
    ]);
  });

  it('reads a file of one column with the default comma, and says a file with nothing in it is empty', () => {
    expect(table('title\nOnly a title\n').rows).toEqual([{ line: 2, cells: ['Only a title'] }]);
    expect(readCsv('')).toEqual({ ok: false, problem: 'The file is empty.' });
    expect(readCsv('\uFEFF\r\n  \r\n')).toEqual({ ok: false, problem: 'The file is empty.' });
    expect(table('id,title\n').rows).toEqual([]);
  });

  it('marks a row with a stray quote, and one whose quote is never closed', () => {
    const read = table('id,title\n1,"Says "hi" twice"\n2,ok\n3,"never closed\n4,swallowed\n');
    expect(read.rows.map((row) => [row.line, row.fault])).toEqual([
      [2, 'a quote inside a quoted field is not doubled ("")'],
      [3, undefined],
      [4, 'a quoted field is never closed, so the rest of the file was read into it'],
    ]);
  });

  it('finds each line again however titles with quotes, separators and newlines are written', () => {
    const title = fc.stringMatching(/^[a-z ,;"\n]{0,12}[a-z][a-z ,;"\n]{0,12}$/);
    fc.assert(
      fc.property(fc.array(title, { minLength: 1, maxLength: 8 }), (titles) => {
        const text = Papa.unparse({ fields: ['number', 'title'], data: titles.map((t, i) => [String(i + 1), t]) }, { newline: '\n' });
        const read = table(text);
        // Each row starts after the header's line and the lines every title before it took.
        let line = 2;
        const lines = titles.map((t) => {
          const at = line;
          line += 1 + (t.match(/\n/g)?.length ?? 0);
          return at;
        });
        expect(read.rows.map((row) => row.line)).toEqual(lines);
        expect(read.rows.map((row) => row.cells[1])).toEqual(titles);
      }),
    );
  });
});

describe('decodeCsv', () => {
  it('reads UTF-8, and a file that is not UTF-8 as Windows-1252, as a spreadsheet on Windows saves it', () => {
    expect(decodeCsv(new TextEncoder().encode('\uFEFFid,title\n1,Café crash €\n'))).toBe('id,title\n1,Café crash €\n');
    expect(decodeCsv(new Uint8Array([0x31, 0x2c, 0x43, 0x61, 0x66, 0xe9, 0x20, 0x4d, 0xfc, 0x6c, 0x6c]))).toBe('1,Café Müll');
  });
});

describe('guessMapping', () => {
  it('matches columns by their names, whatever their case, spacing and punctuation', () => {
    expect(guessMapping(['ID', 'Summary', 'Link', 'Kind', 'Keywords'])).toEqual({ number: 0, title: 1, url: 2, type: 3, labels: 4 });
    expect(guessMapping(['Labels', 'html_url', '#', 'Issue Type', 'Title'])).toEqual({ number: 2, title: 4, url: 1, type: 3, labels: 0 });
  });

  it('prefers the more telling name, uses a column once, and leaves a field without one at none', () => {
    // "id" would do for the number, but "number" says it better; "name" is a title only when nothing says title.
    expect(guessMapping(['id', 'number', 'name', 'title'])).toEqual({ number: 1, title: 3, url: null, type: null, labels: null });
    expect(guessMapping(['issue', 'issue'])).toEqual({ number: 0, title: null, url: null, type: null, labels: null });
    expect(guessMapping(['creator', 'status', ''])).toEqual({ number: null, title: null, url: null, type: null, labels: null });
  });

  it('names columns as a person can tell them apart', () => {
    expect(columnNames(['id', '', 'title', 'title'])).toEqual(['id', 'Column 2', 'title (column 3)', 'title (column 4)']);
  });
});

describe('planCsv', () => {
  it('makes the drafts issue:sync takes, each field on one line', () => {
    const text = [
      'id,title,url,type,keywords',
      '101,"Crash on save,\n when the disk is full",https://bugs.example.org/101,Bug,"easy, crash"',
      '#102,Dark\ttheme,,enhancement,ui;ui|a11y',
      '103,Typo,,,',
    ].join('\n');
    expect(plan(text)).toEqual({
      rows: [
        { line: 2, draft: { number: 101, title: 'Crash on save, when the disk is full', url: 'https://bugs.example.org/101', type: 'bug', labels: ['easy', 'crash'] } },
        { line: 4, draft: { number: 102, title: 'Dark theme', type: 'feature', labels: ['ui', 'a11y'] } },
        { line: 5, draft: { number: 103, title: 'Typo', labels: [] } },
      ],
      problems: [],
      asBugs: [],
      unmapped: [],
    });
  });

  it('says what is wrong with each bad row, by its line, and keeps the good ones', () => {
    const long = 'x'.repeat(201);
    const text = [
      'number,title,url',
      ',No number',
      '12a,Letters in the number',
      '0,Zero',
      '5,',
      `6,${long}`,
      '7,Bad link,ftp://files.example.org/7',
      '8,Script link,javascript:alert(1)',
      '9,Good',
      '9,Again nine',
      '10,Too,many,fields',
      '12,A separator at the end,,',
      '11,"=HYPERLINK(""https://evil.example"")"',
    ].join('\n');
    expect(problemsOf(text)).toEqual({
      2: ['it has no number'],
      3: ['“12a” is not an issue number'],
      4: ['“0” is not an issue number'],
      5: ['the title cannot be empty'],
      6: ['the title is longer than 200 characters'],
      7: ['the link must be an http:// or https:// address'],
      8: ['the link must be an http:// or https:// address'],
      10: ['#9 is also on line 9'],
      // The stray comma also shifted "many" into the link's column.
      11: ['it has 4 fields where the header has 3: is a field with the separator in it not in quotes?', 'the link must be an http:// or https:// address'],
    });
    // A formula is only text on a card; the CSV export is what neutralises it for spreadsheets.
    expect(plan(text).rows.map(({ line, draft }) => [line, draft.number, draft.title])).toEqual([
      [9, 9, 'Good'],
      [12, 12, 'A separator at the end'],
      [13, 11, '=HYPERLINK("https://evil.example")'],
    ]);
  });

  it('lists every problem of a row, and the parser\'s own', () => {
    expect(problemsOf('id,title,url\n"x"y",,\n')).toEqual({
      2: ['a quote inside a quoted field is not doubled ("")', '“x"y” is not an issue number', 'the title cannot be empty'],
    });
  });

  it('checks labels as the server does: at most ten, each at most forty characters', () => {
    const many = Array.from({ length: 11 }, (_, i) => `l${i}`).join(',');
    expect(problemsOf(`id,title,labels\n1,a,"${many}"\n2,b,${'y'.repeat(41)}\n3,c,"a,a,a,a,a,a,a,a,a,a,a,b"\n`)).toEqual({
      2: ['at most 10 labels'],
      3: ['a label is longer than 40 characters'],
    });
  });

  it('imports a type it does not know as a bug, and says which types those were', () => {
    const result = plan('id,title,type\n1,a,behavior\n2,b,crash\n3,c,Behavior\n4,d,docs\n5,e,constructor\n6,f,\n');
    expect(result.rows.map(({ draft }) => draft.type)).toEqual(['bug', 'bug', 'bug', 'docs', 'bug', undefined]);
    expect(result.asBugs).toEqual([
      { type: 'behavior', rows: 2 },
      { type: 'crash', rows: 1 },
      { type: 'constructor', rows: 1 },
    ]);
  });

  it('imports nothing while no column is picked for the number or the title', () => {
    expect(plan('title,summary\n1,a\n')).toEqual({ rows: [], problems: [], asBugs: [], unmapped: ['number'] });
    expect(plan('id,title\n1,a\n', { title: null, number: null })).toMatchObject({ rows: [], unmapped: ['number', 'title'] });
  });

  it('reads the fields from the columns the organizer picks instead', () => {
    const text = 'id,title,other title\n1,Old,New\n';
    expect(plan(text, { title: 2 }).rows).toEqual([{ line: 2, draft: { number: 1, title: 'New' } }]);
    // A row shorter than the header has nothing in its missing cells.
    expect(plan('id,title,url\n1,Short\n').rows).toEqual([{ line: 2, draft: { number: 1, title: 'Short' } }]);
  });
});
