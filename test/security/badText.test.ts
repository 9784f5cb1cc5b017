import { recordsInput, importRosters } from '../../src/roster';
import { createDatabase } from '../../src/db/Database';
import { startHarness, type Harness, type Reply } from '../server/harness';
import { cypher } from '../support/testDatabase';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { fingerprint, type Fingerprint } from './fingerprint';

/**
 * Text that cannot be stored as it is: unpaired surrogates (Neo4j stores U+FFFD instead, which then blocks
 * the CSV round trip) and control characters (which the command line would print raw to terminals). Refused
 * in mutations (BAD_USER_INPUT naming the field) and imports, nothing written; notes keep TAB and line breaks.
 */

const P = `bt${process.pid}`;
let h: Harness;
let planner: Record<string, string>;
let before: Fingerprint;

beforeAll(async () => {
  h = await startHarness({ production: true, auth: testAuth() });
  planner = bearer(await tokenFor('planner', `${P}-planner`));
  before = await fingerprint(h.driver);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const createUnit = (id: string, name: string): Promise<Reply> =>
  h.post({ query: 'mutation M($input: UnitInput!) { createUnit(input: $input) { action unit { name } } }', variables: { input: { id, name, kind: 'SCHOOL', region: '110105000000' } } }, planner);

const BAD_NAMES: [string, string][] = [
  ['a lone high surrogate', 'a\uD800b'],
  ['a lone low surrogate', '学校\uDC00'],
  ['a surrogate pair cut at the end', '学校\uD83C'],
  ['NUL', 'a\u0000b'],
  ['ESC (a terminal escape sequence)', '学校\u001b[2J'],
  ['BEL', 'a\u0007b'],
  ['DEL', 'a\u007fb'],
  ['C1 NEL', 'a\u0085b'],
  ['C1 CSI', 'a\u009b31mb'],
  ['TAB inside a name', '朝阳\t学校'],
  ['a line break inside a name', '朝阳\n学校'],
];

describe('names with unpaired surrogates or control characters', () => {
  it.each(BAD_NAMES)('createUnit refuses %s with BAD_USER_INPUT naming input.name', async (_label, name) => {
    const res = await createUnit(`${P}-U1`, name);
    const [error] = res.json?.errors ?? [];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect((error?.extensions?.problems as { code: string }[])[0].code).toBe('BAD_TEXT');
    expect(error?.message).toMatch(/character \d+ is (an unpaired surrogate|the control character) U\+/);
  });

  it('updateUnit refuses an unpaired surrogate in the name', async () => {
    expect((await createUnit(`${P}-U2`, '北京市朝阳区文本测试学校')).json?.data).toBeTruthy();
    const res = await h.post({ query: 'mutation M($name: String) { updateUnit(id: "' + `${P}-U2` + '", input: { name: $name }) { action } }', variables: { name: 'a\uD800b' } }, planner);
    expect(res.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    const [{ name }] = await cypher<{ name: string }>(h.driver, 'MATCH (u:Unit {id: $id}) RETURN u.name AS name', { id: `${P}-U2` });
    expect(name).toBe('北京市朝阳区文本测试学校');
  });

  it('a name of 100,000 characters is quoted in extensions cut, with its length', async () => {
    const res = await createUnit(`${P}-U3`, '名'.repeat(100_000));
    const problem = (res.json?.errors?.[0]?.extensions?.problems as { code: string; value: string }[])[0];
    expect(problem.code).toBe('TOO_LONG');
    expect(problem.value.length).toBeLessThan(300);
    expect(problem.value.endsWith('…(100,000 characters)')).toBe(true);
  });

  it('an import refuses them too, naming row and column, and writes nothing', async () => {
    const db = createDatabase(h.driver, process.env.NEO4J_DATABASE ?? 'neo4j');
    const records = BAD_NAMES.map(([, name], i) => ({ id: `${P}-I${i}`, name, kind: 'SCHOOL', region: '110105000000' }));
    const result = await importRosters(db, [recordsInput('units', records, `${P}-records`)], { importedBy: 'tester' });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.row, p.field, p.code])).toEqual(BAD_NAMES.map((_, i) => [i + 1, 'name', 'BAD_TEXT']));
    const stored = await cypher(h.driver, 'MATCH (u:Unit) WHERE u.id STARTS WITH $p RETURN u.id', { p: `${P}-I` });
    expect(stored).toEqual([]);
  });
});

describe('notes and contact details', () => {
  it('a pairing note keeps TAB and line breaks but refuses ESC and unpaired surrogates', async () => {
    const pair = (note: string) =>
      h.post({ query: 'mutation M($note: String) { pairUnits(input: { supporting: "NO-SUCH-A", supported: "NO-SUCH-B", note: $note }) { action } }', variables: { note } }, planner);
    for (const note of ['a\u001b[31mb', 'a\uDFFFb']) {
      const problems = (await pair(note)).json?.errors?.[0]?.extensions?.problems as { field: string; code: string }[];
      expect(problems).toContainEqual(expect.objectContaining({ field: 'input.note', code: 'BAD_TEXT' }));
    }
    const fine = (await pair('第一行\n第二行\t续')).json?.errors?.[0]?.extensions?.problems as { field: string }[];
    expect(fine.map((p) => p.field)).not.toContain('input.note');
  });

  it('setContact refuses control characters in the note, phone and e-mail', async () => {
    for (const [field, value] of [['note', 'a\u001b]0;pwned\u0007'], ['email', 'a\u001b@example.org'], ['note', 'x\uD800']] as const) {
      const res = await h.post({ query: 'mutation M($input: ContactInput!) { setContact(personId: "person-hu-yongqing", input: $input) { id } }', variables: { input: { [field]: value } } }, planner);
      expect(res.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: `input.${field}` });
    }
  });

  it('changed nothing but its one valid unit', async () => {
    await cypher(h.driver, 'MATCH (c:Change) WHERE c.actor = $actor DETACH DELETE c', { actor: `${P}-planner` });
    await cypher(h.driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.importedBy = $actor DETACH DELETE s", { actor: `${P}-planner` });
    await cypher(h.driver, 'MATCH (n:Node) WHERE n.id STARTS WITH $p DETACH DELETE n', { p: P });
    expect(await fingerprint(h.driver)).toEqual(before);
  });
});
