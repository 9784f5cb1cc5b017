import { parse } from 'csv-parse/sync';
import { codePointWidth, displayWidth, padDisplay } from '../../src/cli/displayWidth';
import { BOM, formatCsv } from '../../src/cli/formatCsv';
import { unguardCell } from '../../src/csv/formulaGuard';
import { formatTable } from '../../src/cli/formatTable';
import { formatNumber } from '../../src/cli/output';

describe('displayWidth', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['卓资县', 6],
    ['卓资 ab', 7],
    ['（）：，。', 10],
    ['ＡＢ', 4],
    ['ｱｲ', 2], // halfwidth katakana
    ['かな', 4],
    ['한국', 4],
    ['企业—村', 7], // the dash is East Asian Ambiguous: narrow, as most terminals draw it
    ['e\u0301', 1], // a combining accent takes no column
    ['a\u200bb', 2],
    ['𠀀', 2], // CJK Extension B, outside the BMP
    ['🎉', 2],
  ])('%j is %d columns', (text, width) => {
    expect(displayWidth(text)).toBe(width);
  });

  it('counts control characters as zero and ASCII as one', () => {
    expect(codePointWidth(0x0a)).toBe(0);
    for (let cp = 0x20; cp < 0x7f; cp++) expect(codePointWidth(cp)).toBe(1);
  });

  it('pads by display width, left or right', () => {
    expect(padDisplay('村', 4)).toBe('村  ');
    expect(padDisplay('12', 4, 'right')).toBe('  12');
    expect(padDisplay('卓资县', 4)).toBe('卓资县');
  });
});

describe('formatTable', () => {
  const columns = [{ header: '村名称' }, { header: 'N', align: 'right' as const }, { header: 'kind' }];
  const rows = [
    ['福生庄村', '3', '企业—村、学校—学校'],
    ['Ab', '12', ''],
    ['旗下营镇\n第二村', '0', 'x'],
  ];

  it('gives every line the same display width, Chinese counted as two columns', () => {
    const lines = formatTable(columns, rows).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2 + rows.length);
    const widths = lines.map(displayWidth);
    expect(new Set(widths).size).toBe(1);
    expect(lines[1]).toMatch(/^-+ {2}-+ {2}-+$/);
  });

  it('pads each column to its widest cell, numbers to the right, line breaks in cells turned to spaces', () => {
    expect(formatTable(columns, rows)).toBe(
      [
        '村名称           N   kind              ',
        '---------------  --  ------------------',
        '福生庄村          3  企业—村、学校—学校',
        'Ab               12                    ',
        '旗下营镇 第二村   0  x                 ',
        '',
      ].join('\n'),
    );
  });

  it('shows control characters, unpaired surrogates and bidirectional controls of the data as \\uXXXX, never raw', () => {
    const table = formatTable([{ header: 'name' }], [['学校\u001b[2J'], ['a\u0007\u009b\u202eb'], ['x\ud800']]);
    expect(table).toContain('学校\\u001b[2J');
    expect(table).toContain('a\\u0007\\u009b\\u202eb');
    expect(table).toContain('x\\ud800');
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(table)).toBe(false);
  });

  it('prints the header and rule for no rows', () => {
    expect(formatTable([{ header: '村' }], [])).toBe('村\n--\n');
  });
});

describe('formatCsv', () => {
  it('quotes as RFC 4180 asks, ends records with CRLF and starts with a BOM', () => {
    const csv = formatCsv(['名称', 'note'], [['卓资县', 'a,b'], ['say "hi"', 'two\nlines'], ['plain', '']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe(`${BOM}名称,note\r\n卓资县,"a,b"\r\n"say ""hi""","two\nlines"\r\nplain,\r\n`);
    expect(csv.replace(/"[^"]*(""[^"]*)*"/g, '').split('\r\n').every((r) => !r.includes('\n'))).toBe(true);
  });

  it('parses back to the same fields with an independent parser', () => {
    const rows = [
      ['1', '福生庄村', '企业—村、学校—学校'],
      ['2', 'comma, inside', 'quote " inside'],
      ['3', 'crlf\r\ninside', ' spaced '],
    ];
    const parsed = parse(formatCsv(['id', '名称', '类型'], rows), { bom: true, relax_column_count: false }) as string[][];
    expect(parsed).toEqual([['id', '名称', '类型'], ...rows]);
  });

  it('leaves out the BOM when asked', () => {
    expect(formatCsv(['a'], [], { bom: false })).toBe('a\r\n');
  });

  it.each([
    ['plain', 'plain'],
    ['', ''],
    ['a"b', '"a""b"'],
    ['a\rb', '"a\rb"'],
    ['a\nb', '"a\nb"'],
  ])('writes the cell %j as %j', (value, quoted) => {
    expect(formatCsv([value], [], { bom: false })).toBe(`${quoted}\r\n`);
  });
});

describe('formula injection (OWASP CSV injection)', () => {
  const dangerous = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '＝1', '＋1', '－1', '＠x'];

  it.each(dangerous)('guards %j with a leading quote, so that no spreadsheet reads a formula', (value) => {
    const [cell] = parse(formatCsv([value], [], { bom: false })) as string[][];
    expect(cell[0]).toBe(`'${value}`);
    expect(unguardCell(cell[0])).toBe(value);
  });

  it.each([
    ['=1', "'=1"],
    ["'=1", "''=1"],
    ["''-2", "'''-2"],
    ["'abc", "'abc"],
    ["'123", "'123"],
    ['a=b', 'a=b'],
    ['2023-08-22', '2023-08-22'],
    ['卓资县', '卓资县'],
  ])('writes %j as %j and reads it back unchanged', (value, written) => {
    const [cell] = parse(formatCsv([value], [], { bom: false })) as string[][];
    expect(cell[0]).toBe(written);
    expect(unguardCell(cell[0])).toBe(value);
  });

  it("keeps any other leading quote on reading: only ' before = + - @ TAB CR (and fullwidth ＝ ＋ － ＠) is the guard", () => {
    expect(unguardCell("'abc")).toBe("'abc");
    expect(unguardCell("'")).toBe("'");
    expect(unguardCell("' =1")).toBe("' =1");
    expect(unguardCell("'=1")).toBe('=1');
    expect(unguardCell("'\t=1")).toBe('\t=1');
    expect(unguardCell("'－1")).toBe('－1');
  });
});

describe('formatNumber', () => {
  it.each([
    [3, '3'],
    [1.3333, '1.33'],
    [0.5, '0.5'],
    [2.346, '2.35'],
  ])('%d → %s', (n, s) => {
    expect(formatNumber(n)).toBe(s);
  });
});
