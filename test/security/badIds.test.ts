import { MAX_ID_LENGTH } from '../../src/domain/idRule';
import { reply, startHarness, type Harness, type Reply } from '../server/harness';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { fingerprint, type Fingerprint } from './fingerprint';

/**
 * Ids follow one rule (ASCII letters, digits, `-`, `_`, `.`, starting with a letter or a digit, at most 64):
 * every id argument of every query, mutation and export answers a malformed id with BAD_USER_INPUT naming
 * the argument (not NOT_FOUND, not null), writes nothing, and lets every well-formed id through.
 */

const BAD_IDS = [
  "' OR 1=1 //",
  '../../etc/passwd',
  '*',
  'a\u202Eb', // right-to-left override
  'a\u200Bb', // zero-width space
  'a\u2066b', // left-to-right isolate
  '🎉',
  '学校01',
  'Ｓ01', // fullwidth letter
  'x'.repeat(MAX_ID_LENGTH + 1),
  '.',
  '..',
  '.hidden',
  '-rf',
  'a b',
  'a/b',
  'a\u0000b',
  '',
];

/** Each id argument: the operation with `$id` where the id goes, the variables around it, and the field the error must name. */
const POSITIONS: { label: string; query: string; field: string; vars?: Record<string, unknown> }[] = [
  { label: 'unit', query: 'query Q($id: ID!) { unit(id: $id) { id } }', field: 'id' },
  { label: 'counterparts', query: 'query Q($id: ID!) { counterparts(unitId: $id) { side } }', field: 'unitId' },
  { label: 'suggestPartners', query: 'query Q($id: ID!) { suggestPartners(unitId: $id) { score } }', field: 'unitId' },
  { label: 'connection from', query: 'query Q($id: ID!) { connection(fromId: $id, toId: "110105000000") { hops } }', field: 'fromId' },
  { label: 'connection to', query: 'query Q($id: ID!) { connection(fromId: "150921212210", toId: $id) { hops } }', field: 'toId' },
  { label: 'cooperation', query: 'query Q($id: ID!) { cooperation(id: $id) { id } }', field: 'id' },
  { label: 'entity', query: 'query Q($id: ID!) { entity(id: $id) { id } }', field: 'id' },
  { label: 'summary', query: 'query Q($id: ID) { summary(sourceId: $id) { figureCount } }', field: 'sourceId' },
  { label: 'graph', query: 'query Q($id: ID) { graph(centerId: $id) { truncated } }', field: 'centerId' },
  { label: 'changes', query: 'query Q($id: ID) { changes(where: { targetId: $id }, first: 1) { totalCount } }', field: 'where.targetId' },
  { label: 'createUnit', query: 'mutation M($id: ID!) { createUnit(input: { id: $id, name: "编码测试学校", kind: SCHOOL, region: "110105000000" }) { action } }', field: 'input.id' },
  { label: 'updateUnit', query: 'mutation M($id: ID!) { updateUnit(id: $id, input: { name: "编码测试学校" }) { action } }', field: 'id' },
  { label: 'replacePlaceholder', query: 'mutation M($id: ID!) { replacePlaceholder(placeholder: $id, input: { id: "ID-TEST-R1", name: "编码测试学校", kind: SCHOOL, region: "110105000000" }) { action } }', field: 'placeholder' },
  { label: 'pairUnits id', query: 'mutation M($id: ID!) { pairUnits(input: { id: $id, supporting: "NO-SUCH-A", supported: "NO-SUCH-B" }) { action } }', field: 'input.id' },
  { label: 'pairUnits supporting', query: 'mutation M($id: ID!) { pairUnits(input: { supporting: $id, supported: "150921212210" }) { action } }', field: 'input.supporting' },
  { label: 'pairUnits supported', query: 'mutation M($id: ID!) { pairUnits(input: { supporting: "NO-SUCH-A", supported: $id }) { action } }', field: 'input.supported' },
  { label: 'endPairing', query: 'mutation M($id: ID!) { endPairing(id: $id) { action } }', field: 'id' },
  { label: 'deletePairing', query: 'mutation M($id: ID!) { deletePairing(id: $id) { deleted } }', field: 'id' },
  { label: 'deleteUnit', query: 'mutation M($id: ID!) { deleteUnit(id: $id) { deleted } }', field: 'id' },
  { label: 'setContact', query: 'mutation M($id: ID!) { setContact(personId: $id, input: { note: "x" }) { id } }', field: 'personId' },
];

let h: Harness;
let admin: Record<string, string>;
let before: Fingerprint;

beforeAll(async () => {
  h = await startHarness({ production: true, auth: testAuth() });
  admin = bearer(await tokenFor('admin', 'id-corpus-admin'));
  before = await fingerprint(h.driver);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const send = (query: string, id: string): Promise<Reply> => h.post({ query, variables: { id } }, admin);

describe('malformed ids', () => {
  // An empty centerId is no center (the whole graph), as an empty query parameter of the export is.
  const cases = POSITIONS.flatMap((p) => BAD_IDS.filter((id) => id !== '' || p.label !== 'graph').map((id) => [p.label, JSON.stringify(id).slice(0, 40), p, id] as const));

  it.each(cases)('%s(%s) is BAD_USER_INPUT naming the argument', async (_label, _shown, position, id) => {
    const res = await send(position.query, id);
    expect(res.status).toBeLessThan(500);
    const [error] = res.json?.errors ?? [];
    expect({ code: error?.extensions?.code, field: error?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field: position.field });
  });

  it.each(['../../etc/passwd', "' OR 1=1 //", 'a\u202Eb', '学校01'])('the graph export refuses centerId=%j with 400 naming centerId', async (id) => {
    const res = await reply(await fetch(`${h.url}/export/graph.graphml?centerId=${encodeURIComponent(id)}`));
    expect(res.status).toBe(400);
    expect(res.json?.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'centerId' });
  });

  it('wrote nothing', async () => {
    expect(await fingerprint(h.driver)).toEqual(before);
  });
});

describe('well-formed ids', () => {
  // Every form of the seed and of imports: division codes, project ids, dotted and underscored ids, the longest.
  const GOOD = ['150921212210', 'CY-SCHOOL-03', 'pairing-cz-001', 'report-2023-08-22', 'agreement-2023-2025', 'a.b_c-d', 'X', 'x'.repeat(MAX_ID_LENGTH)];

  it.each(GOOD)('%j reaches the database: an answer, null or NOT_FOUND, never BAD_USER_INPUT', async (id) => {
    for (const position of POSITIONS.filter((p) => !p.query.startsWith('mutation'))) {
      const res = await send(position.query, id);
      const codes = (res.json?.errors ?? []).map((e) => e.extensions?.code);
      // suggestPartners refuses a unit of the supporting side, naming unitId: not a problem of the id's form.
      const allowed = position.label === 'suggestPartners' ? ['NOT_FOUND', 'BAD_USER_INPUT'] : ['NOT_FOUND'];
      expect({ position: position.label, codes: codes.filter((c) => !allowed.includes(c as string)) }).toEqual({ position: position.label, codes: [] });
      if (position.label === 'suggestPartners' && codes.includes('BAD_USER_INPUT')) expect(res.json?.errors?.[0]?.message).toMatch(/supported side/);
    }
  });
});
