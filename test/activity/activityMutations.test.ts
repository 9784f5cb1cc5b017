import { ActivitiesDocument, DeleteActivityDocument, DeletePairingDocument, RecordActivityDocument, UpdateActivityDocument, type ActivityInput } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import type { ActivityInputRow } from '../../src/activity/checkActivity';
import { createRepositories } from '../../src/context/Repositories';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { cleanUp, COOPERATION, createPairing, naturalId } from './activityFixtures';

const P = `actm${process.pid}`;
const PAIR = `${P}-pair`;
const PLANNER = `${P}-planner`;
const ADMIN = `${P}-admin`;
const today = todayInChina();

let t: TestServer;
let planner: Record<string, string>;
let admin: Record<string, string>;
let seedPairing: string;

const training = (over: Partial<ActivityInput> = {}): ActivityInput => ({
  pairingId: PAIR,
  date: '2021-03-15',
  form: 'TRAINING',
  measures: [{ value: 40, unit: 'PERSON_TIMES' }, { value: 2, unit: 'SESSIONS' }],
  participants: '朝阳区教委 3 人',
  note: '教师培训',
  ...over,
});

/** What the database holds for the suite: its activities and its audit entries, read by plain Cypher. */
async function stored() {
  const activities = await cypher<{ id: string }>(t.driver, 'MATCH (a:Activity)-[:ACTIVITY_OF]->(o) WHERE o.id IN [$pair, $coop] RETURN a.id AS id ORDER BY id', { pair: PAIR, coop: COOPERATION });
  const changes = await cypher<{ id: string }>(t.driver, 'MATCH (c:Change) WHERE c.actor IN $actors RETURN c.id AS id', { actors: [PLANNER, ADMIN] });
  return { activities: activities.map((a) => a.id), changes: changes.length };
}

beforeAll(async () => {
  t = await startTestServer({ auth: testAuth() });
  planner = bearer(await tokenFor('planner', PLANNER));
  admin = bearer(await tokenFor('admin', ADMIN));
  [{ id: seedPairing }] = await cypher<{ id: string }>(t.driver, 'MATCH (p:Pairing)-[:IN_COOPERATION]->(:Cooperation {id: $c}) RETURN p.id AS id ORDER BY id LIMIT 1', { c: COOPERATION });
  await createPairing(t.driver, PAIR, seedPairing, '2020-05-10', '2022-06-30');
});

afterAll(async () => {
  await cleanUp(t.driver, [PAIR], [PLANNER, ADMIN]);
  expect(await stored()).toEqual({ activities: [], changes: 0 });
  await t.close();
});

describe('roles', () => {
  it('recording needs a token with the planner role, removing the admin role', async () => {
    const anonymous = await t.execute(RecordActivityDocument, { input: training() });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const viewer = await t.execute(RecordActivityDocument, { input: training() }, bearer(await tokenFor('viewer', `${P}-viewer`)));
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const update = await t.execute(UpdateActivityDocument, { id: 'act-x', input: { note: 'x' } }, bearer(await tokenFor('viewer', `${P}-viewer`)));
    expect(update.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const removal = await t.execute(DeleteActivityDocument, { id: 'act-x' }, planner);
    expect(removal.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stored()).toEqual({ activities: [], changes: 0 });
  });
});

describe('bad input is refused with the field and the value, and nothing is written', () => {
  const cases: [string, Partial<ActivityInput>, string, string][] = [
    ['an unknown pairing', { pairingId: `${P}-nothing` }, 'input.pairingId', 'no pairing has this id'],
    ['an unknown cooperation', { pairingId: null, cooperationId: `${P}-nothing`, form: 'DONATION_MONEY', measures: [{ value: 1, unit: 'WAN_YUAN' }] }, 'input.cooperationId', 'no cooperation has this id'],
    ['both a pairing and a cooperation', { cooperationId: COOPERATION }, 'input.pairingId', 'not both'],
    ['neither a pairing nor a cooperation', { pairingId: null }, 'input.pairingId', 'is required'],
    ['a date before the pairing began', { date: '2020-05-09' }, 'input.date', 'before the pairing began (2020-05-10)'],
    ['a date after the pairing ended', { date: '2022-07-01' }, 'input.date', 'after the pairing ended (2022-06-30)'],
    ['a date in the future', { pairingId: null, cooperationId: COOPERATION, date: '2999-01-01' }, 'input.date', 'lies in the future'],
    ['a date before the cooperation began', { pairingId: null, cooperationId: COOPERATION, date: '2015-12-31' }, 'input.date', 'before the cooperation began (2016)'],
    ['a unit that does not fit the form', { measures: [{ value: 3, unit: 'WAN_YUAN' }] }, 'input.measures[0].unit', 'does not fit the form TRAINING'],
    ['a negative value', { measures: [{ value: -2, unit: 'SESSIONS' }] }, 'input.measures[0].value', 'zero or more'],
    ['a fraction of sessions', { measures: [{ value: 1.5, unit: 'SESSIONS' }] }, 'input.measures[0].value', 'whole number'],
    ['a unit given twice', { measures: [{ value: 1, unit: 'SESSIONS' }, { value: 2, unit: 'SESSIONS' }] }, 'input.measures[1].unit', 'given twice'],
    ['no measure for a training', { measures: [] }, 'input.measures', 'at least one measure'],
    ['an unknown source', { source: `${P}-no-source` }, 'input.source', 'no source has this id'],
    ['a malformed id', { id: '../x' }, 'input.id', 'an id holds only'],
    ['the id of another node', { id: 'SEED-PAIRING' }, 'input.id', 'another node'],
  ];
  it.each(cases)('%s', async (_what, over, field, message) => {
    const input = training(over);
    if (input.id === 'SEED-PAIRING') input.id = seedPairing;
    const res = await t.execute(RecordActivityDocument, { input }, planner);
    expect(res.data).toBeNull();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(res.errors?.[0].message).toContain(`${field}: `);
    expect(res.errors?.[0].message).toContain(message);
    expect(await stored()).toEqual({ activities: [], changes: 0 });
  });

  it('lists every problem of one input', async () => {
    const res = await t.execute(RecordActivityDocument, { input: training({ id: 'a b', measures: [{ value: 2, unit: 'ITEMS' }, { value: -1, unit: 'SESSIONS' }], note: 'x'.repeat(2001) }) }, planner);
    const problems = res.errors?.[0].extensions?.problems as { field: string; messageZh: string }[];
    expect(problems.map((p) => p.field)).toEqual(['input.id', 'input.measures[0].unit', 'input.measures[1].value', 'input.note']);
    expect(problems.every((p) => p.messageZh.length > 0)).toBe(true);
    expect(res.errors?.[0].message.split('; ')).toHaveLength(4);
    // The date is checked against the pairing once the other fields are sound: a bad note hides that problem.
    const later = await t.execute(RecordActivityDocument, { input: training({ date: '2019-01-01', note: 'x'.repeat(2001) }) }, planner);
    expect((later.errors?.[0].extensions?.problems as { field: string }[]).map((p) => p.field)).toEqual(['input.note']);
    expect(await stored()).toEqual({ activities: [], changes: 0 });
  });

  it('a batch with one bad row writes none of its rows and names the row', async () => {
    const repos = createRepositories(testDatabase(t.driver));
    const rows = [training(), training({ date: '2021-04-01' }), training({ date: '2020-01-01' }), training(), training({ form: 'PARTY' as never })] as ActivityInputRow[];
    const result = await repos.activities.recordActivities(rows, { caller: { subject: PLANNER, role: 'planner' }, operation: 'import', today });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.row, p.field, p.value])).toEqual([
      [2, 'date', '2020-01-01'],
      [3, 'id', naturalId(PAIR, '2021-03-15', 'TRAINING', training().measures!)],
      [4, 'form', 'PARTY'],
    ]);
    expect(await stored()).toEqual({ activities: [], changes: 0 });
  });
});

describe('recording, correcting and removing an activity', () => {
  const id = naturalId(PAIR, '2021-03-15', 'TRAINING', training().measures!);

  it('records an activity under the id of its natural key, and again changes nothing', async () => {
    const first = await t.execute(RecordActivityDocument, { input: training() }, planner);
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordActivity).toEqual({
      action: 'CREATE',
      changedFields: ['pairingId', 'cooperationId', 'date', 'form', 'measures', 'participants', 'note', 'source'],
      activity: {
        id,
        date: '2021-03-15',
        form: 'TRAINING',
        measures: [{ value: 40, unit: 'PERSON_TIMES' }, { value: 2, unit: 'SESSIONS' }],
        participants: '朝阳区教委 3 人',
        note: '教师培训',
        provenance: 'IMPORTED',
        pairing: { id: PAIR },
        cooperation: null,
        source: null,
      },
    });
    // The measures in another order are the same act.
    const again = await t.execute(RecordActivityDocument, { input: training({ measures: [...training().measures!].reverse() }) }, planner);
    expect(again.data!.recordActivity).toMatchObject({ action: 'UNCHANGED', changedFields: [], activity: { id } });
    const noted = await t.execute(RecordActivityDocument, { input: training({ note: '教师培训（第二批）' }) }, planner);
    expect(noted.data!.recordActivity).toMatchObject({ action: 'UPDATE', changedFields: ['note'], activity: { id, note: '教师培训（第二批）' } });
    expect((await stored()).activities).toEqual([id]);
    const changes = await cypher<{ action: string; operation: string; fields: string[]; before: string | null; after: string; role: string }>(
      t.driver,
      'MATCH (c:Change {targetId: $id}) RETURN c.action AS action, c.operation AS operation, c.fields AS fields, c.before AS before, c.after AS after, c.role AS role, c.targetType AS type ORDER BY c.id',
      { id },
    );
    expect(changes.map((c) => [c.action, c.operation, c.role])).toEqual([
      ['CREATE', 'recordActivity', 'planner'],
      ['UPDATE', 'recordActivity', 'planner'],
    ]);
    expect(JSON.parse(changes[0].after)).toMatchObject({ pairingId: PAIR, date: '2021-03-15', form: 'TRAINING', measures: [{ value: 40, unit: 'PERSON_TIMES' }, { value: 2, unit: 'SESSIONS' }] });
    expect(changes[0].before).toBeNull();
    expect([changes[1].fields, JSON.parse(changes[1].before!), JSON.parse(changes[1].after)]).toEqual([['note'], { note: '教师培训' }, { note: '教师培训（第二批）' }]);
  });

  it('stores the measures and the date as Neo4j values', async () => {
    const [row] = await cypher(t.driver, 'MATCH (a:Node:Activity {id: $id}) RETURN toString(a.date) AS date, a.date IS :: DATE AS isDate, a.measureUnits AS units, a.measureValues AS values', { id });
    expect(row).toEqual({ date: '2021-03-15', isDate: true, units: ['PERSON_TIMES', 'SESSIONS'], values: [40, 2] });
  });

  it('updates an activity in place, keeping its id, with the same checks', async () => {
    const bad = await t.execute(UpdateActivityDocument, { id, input: { form: 'DONATION_MONEY' } }, planner);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.measures[0].unit' });
    const unknown = await t.execute(UpdateActivityDocument, { id: `${P}-none`, input: { note: 'x' } }, planner);
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const moved = await t.execute(UpdateActivityDocument, { id, input: { pairingId: null, cooperationId: COOPERATION, measures: [{ value: 3, unit: 'SESSIONS' }], note: null } }, planner);
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.updateActivity).toMatchObject({
      action: 'UPDATE',
      changedFields: ['pairingId', 'cooperationId', 'measures', 'note'],
      activity: { id, pairing: null, cooperation: { id: COOPERATION }, measures: [{ value: 3, unit: 'SESSIONS' }], note: null, participants: '朝阳区教委 3 人' },
    });
    const [owner] = await cypher(t.driver, 'MATCH (:Activity {id: $id})-[r:ACTIVITY_OF]->(o) RETURN collect(o.id) AS owners', { id });
    expect(owner.owners).toEqual([COOPERATION]);
    const same = await t.execute(UpdateActivityDocument, { id, input: { date: '2021-03-15' } }, planner);
    expect(same.data!.updateActivity).toMatchObject({ action: 'UNCHANGED', changedFields: [] });
  });

  it('a pairing with activities cannot be removed (they would lose their pairing)', async () => {
    const other = await t.execute(RecordActivityDocument, { input: training({ date: '2021-05-05' }) }, planner);
    const removal = await t.execute(DeletePairingDocument, { id: PAIR }, admin);
    expect(removal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id', activities: 1 });
    expect(removal.errors?.[0].message).toContain('1 activity in the ledger');
    expect(await cypher(t.driver, 'MATCH (p:Pairing {id: $id}) RETURN p.id AS id', { id: PAIR })).toEqual([{ id: PAIR }]);
    expect((await t.execute(DeleteActivityDocument, { id: other.data!.recordActivity.activity.id }, admin)).errors).toBeUndefined();
  });

  it('removes an activity for an admin, answers it as it was and records the removal', async () => {
    const removed = await t.execute(DeleteActivityDocument, { id }, admin);
    expect(removed.data!.deleteActivity).toMatchObject({ id, cooperation: { id: COOPERATION }, measures: [{ value: 3, unit: 'SESSIONS' }] });
    expect((await stored()).activities).toEqual([]);
    const [change] = await cypher<{ action: string; before: string; after: string | null; actor: string }>(
      t.driver,
      "MATCH (c:Change {targetId: $id, action: 'DELETE'}) RETURN c.action AS action, c.before AS before, c.after AS after, c.actor AS actor",
      { id },
    );
    expect(change).toMatchObject({ action: 'DELETE', after: null, actor: ADMIN });
    expect(JSON.parse(change.before)).toMatchObject({ cooperationId: COOPERATION, date: '2021-03-15', form: 'TRAINING' });
    const again = await t.execute(DeleteActivityDocument, { id }, admin);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a scope that names nothing is NOT_FOUND for the listing, bad arguments BAD_USER_INPUT naming them', async () => {
    const res = await t.execute(ActivitiesDocument, { pairingId: `${P}-nothing` });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND' });
    const two = await t.execute(ActivitiesDocument, { pairingId: PAIR, region: '150921' });
    expect(two.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
    const bad: [Record<string, unknown>, string, string][] = [
      [{ unitId: `${P}-nothing` }, 'NOT_FOUND', ''],
      [{ region: '159999' }, 'NOT_FOUND', ''],
      [{ region: '1509x' }, 'BAD_USER_INPUT', 'region'],
      [{ pairingId: PAIR, first: 501 }, 'BAD_USER_INPUT', 'first'],
      [{ pairingId: PAIR, after: 'bm90LWEtY3Vyc29y' }, 'BAD_USER_INPUT', 'after'],
      [{ pairingId: PAIR, from: '2024-13-01' }, 'BAD_USER_INPUT', ''],
    ];
    for (const [variables, code, field] of bad) {
      const res = await t.execute(ActivitiesDocument, variables as never);
      expect([variables, res.errors?.[0].extensions?.code, field ? res.errors?.[0].extensions?.field : '']).toEqual([variables, code, field]);
    }
  });
});
