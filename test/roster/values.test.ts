import { progressBar } from '../../src/cli/progressBar';
import { fieldOfHeader, normalizeHeader, rosterKindOfHeaders } from '../../src/roster/columns';
import { cellText, parseBoolean, parseId, parseDate, parsePairingKind, parseRegionCode, parseSector, parseUnitKind } from '../../src/roster/values';

const value = <T>(p: { ok: true; value: T } | { ok: false }) => (p.ok ? p.value : null);

describe('roster cell values', () => {
  it.each([
    ['2023-08-22', '2023-08-22'],
    ['2023/8/22', '2023-08-22'],
    ['2023.08.22', '2023-08-22'],
    ['2023年8月22日', '2023-08-22'],
    ['20230822', '2023-08-22'],
    ['2023-02-30', null],
    ['2023-13-01', null],
    ['22/08/2023', null],
    ['soon', null],
  ])('date %s → %s', (text, expected) => {
    expect(value(parseDate(text, text))).toBe(expected);
  });

  it('reads spreadsheet dates: date cells, serial day numbers, YYYYMMDD numbers', () => {
    expect(value(parseDate(new Date(Date.UTC(2023, 7, 22)), ''))).toBe('2023-08-22');
    expect(value(parseDate(45160, '45160'))).toBe('2023-08-22');
    expect(value(parseDate(20230822, '20230822'))).toBe('2023-08-22');
    expect(value(parseDate(2023, '2023'))).toBeNull();
  });

  it('reads unit kinds, pairing kinds and sectors in Chinese or English', () => {
    expect(['学校', 'school', 'SCHOOL', '村或社区', '易地搬迁小区', 'social organisation'].map((t) => value(parseUnitKind(t)))).toEqual([
      'SCHOOL',
      'SCHOOL',
      'SCHOOL',
      'VILLAGE_OR_COMMUNITY',
      'RELOCATION_ESTATE',
      'SOCIAL_ORGANIZATION',
    ]);
    expect(['学校—学校', '学校-学校', '学校–学校', 'school_school', '企业—村', 'enterprise–village', '学校'].map((t) => value(parsePairingKind(t)))).toEqual([
      'SCHOOL_SCHOOL',
      'SCHOOL_SCHOOL',
      'SCHOOL_SCHOOL',
      'SCHOOL_SCHOOL',
      'ENTERPRISE_VILLAGE',
      'ENTERPRISE_VILLAGE',
      null,
    ]);
    expect(['教育', 'health', '产业', '农业'].map((t) => value(parseSector(t)))).toEqual(['EDUCATION', 'HEALTH', 'INDUSTRY', null]);
  });

  it('pads 6- and 9-digit division codes and refuses what Excel made of a long number', () => {
    expect(['150921', '150921212', '150921212210', '1.50921E+11', '15092'].map((t) => value(parseRegionCode(t)))).toEqual([
      '150921000000',
      '150921212000',
      '150921212210',
      null,
      null,
    ]);
    const sci = parseRegionCode('1.50921E+11');
    expect(!sci.ok && sci.reason.zh).toContain('科学计数法');
  });

  it('reads yes and no, and cell texts', () => {
    expect(['是', '否', 'true', 'FALSE', '1', 'no'].map((t) => value(parseBoolean(t, t)))).toEqual([true, false, true, false, true, false]);
    expect(value(parseBoolean('也许', '也许'))).toBeNull();
    expect([cellText(150921212210), cellText('  朝阳区\u3000'), cellText(''), cellText(null), cellText(true)]).toEqual(['150921212210', '朝阳区', null, null, 'true']);
  });
});

describe('roster ids', () => {
  it.each(['150921212210', 'CY-SCHOOL-03', 'pairing-cz-001', 'report-2023-08-22', 'a.b_c-d', '9', 'x'.repeat(64)])('takes %j', (id) => {
    expect(parseId(id)).toEqual({ ok: true, value: id });
  });

  it.each([
    ["' OR 1=1 //", 'BAD_ID'],
    ['../../etc/passwd', 'BAD_ID'],
    ['*', 'BAD_ID'],
    ['a\u202Eb', 'BAD_ID'],
    ['a\u200Bb', 'BAD_ID'],
    ['🎉', 'BAD_ID'],
    ['学校01', 'BAD_ID'],
    ['.', 'BAD_ID'],
    ['..', 'BAD_ID'],
    ['-x', 'BAD_ID'],
    ['#1', 'BAD_ID'],
    ['a\tb', 'BAD_ID'],
    ['1.50921E+11', 'BAD_ID'],
    ['x'.repeat(65), 'TOO_LONG'],
  ])('refuses %j as %s, saying why in Chinese and English', (id, code) => {
    const parsed = parseId(id);
    expect(parsed.ok ? null : parsed.code).toBe(code);
    if (!parsed.ok) expect(parsed.reason.zh && parsed.reason.en).toBeTruthy();
  });
});

describe('roster headers', () => {
  it('match Chinese or English names, aliases, brackets and stars', () => {
    expect(['单位编码', 'ID', ' 单位名称（必填）', '类型*', 'Region Code', '替换占位单位'].map((h) => fieldOfHeader('units', h))).toEqual(['id', 'id', 'name', 'kind', 'region', 'replaces']);
    expect(normalizeHeader('\uFEFF所在地区编码 (12位)')).toBe('所在地区编码');
    expect(fieldOfHeader('units', '联系人')).toBeNull();
  });

  it('tell units from pairings', () => {
    expect(rosterKindOfHeaders(['结对编码', '支援方单位编码', '受援方单位编码'])).toBe('pairings');
    expect(rosterKindOfHeaders(['id', 'name', 'kind', 'region'])).toBe('units');
    expect(rosterKindOfHeaders(['编号', '备注'])).toBeNull();
  });
});

describe('progress bar', () => {
  it('draws in place on a terminal, at most ten times a second, and clears its line; prints nothing elsewhere', () => {
    const written: string[] = [];
    let now = 1000;
    const bar = progressBar(true, 'zh', (t) => written.push(t), () => now);
    bar.update('check', 'a.csv', 50, 100, 1234);
    bar.update('check', 'a.csv', 60, 100, 1500);
    now += 200;
    bar.update('write', 'a.csv', 100, 100, 2000);
    bar.done();
    expect(written).toEqual([
      '\r\x1b[K校验 a.csv [############------------]  50% 1,234 行',
      '\r\x1b[K写入 a.csv [########################] 100% 2,000 行',
      '\r\x1b[K',
    ]);
    const silent: string[] = [];
    const off = progressBar(false, 'en', (t) => silent.push(t));
    off.update('check', 'a.csv', 1, 2, 3);
    off.done();
    expect(silent).toEqual([]);
  });
});
