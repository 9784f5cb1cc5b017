import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRepositories } from '../../src/context/Repositories';
import { EndPairingDocument } from '../../src/generated/operations';
import { todayInChina } from '../../src/graphql/DateScalar';
import { fileInput, importRosters } from '../../src/roster';
import { writeCsv } from '../roster/rosterFiles';
import { cypher, testDatabase } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { cleanUp, createPairing, naturalId } from './activityFixtures';

/**
 * A pairing cannot end before what the ledger records of it: endPairing and a pairings roster row that sets
 * `until` before a recorded activity are refused, naming the pairing, the end date and the first activity after
 * it, and nothing is written; an end on the day of the last activity is accepted.
 */

const P = `eba${process.pid}`;
const PLANNER = `${P}-planner`;
const OFFICER = `${P}-officer`;
const ENDED = `${P}-end`;
const ROSTER = `${P}-roster`;
const OTHER = `${P}-other`;
const today = todayInChina();

let t: TestServer;
let planner: Record<string, string>;
let dir: string;
const ends: Record<string, [string, string]> = {};

/** What the database holds of a pairing: its until and status, and the audit entries of this suite's actors. */
async function state(id: string) {
  const [p] = await cypher<{ until: string | null; status: string | null }>(t.driver, 'MATCH (p:Pairing {id: $id}) RETURN toString(p.until) AS until, p.status AS status', { id });
  const [{ n }] = await cypher<{ n: number }>(t.driver, 'MATCH (c:Change) WHERE c.actor IN $a AND c.targetType = $type RETURN count(c) AS n', { a: [PLANNER, OFFICER], type: 'Pairing' });
  return { ...p, changes: n };
}

beforeAll(async () => {
  t = await startTestServer({ auth: testAuth() });
  planner = bearer(await tokenFor('planner', PLANNER));
  dir = mkdtempSync(path.join(os.tmpdir(), 'pairing-graph-end-'));
  for (const id of [ENDED, ROSTER, OTHER]) {
    await createPairing(t.driver, id, 'pairing-cz-001', '2021-03-01', null);
    const [e] = await cypher<{ s: string; d: string }>(t.driver, 'MATCH (s)<-[:SUPPORTER]-(p:Pairing {id: $id})-[:SUPPORTED]->(d) RETURN s.id AS s, d.id AS d', { id });
    ends[id] = [e.s, e.d];
  }
  const acts = [ENDED, ROSTER, OTHER].flatMap((pairingId) => [
    { pairingId, date: '2022-05-10', form: 'TRAINING', measures: [{ unit: 'SESSIONS', value: 1 }, { unit: 'PERSON_TIMES', value: 30 }] },
    { pairingId, date: '2023-02-01', form: 'FIELD_VISIT', measures: [] },
    { pairingId, date: '2023-02-01', form: 'DONATION_MONEY', measures: [{ unit: 'WAN_YUAN', value: 2.5 }] },
  ]);
  const result = await createRepositories(testDatabase(t.driver)).activities.recordActivities(acts, { caller: { subject: OFFICER, role: 'planner' }, operation: 'import', today });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
}, 120_000);

afterAll(async () => {
  await cleanUp(t.driver, [ENDED, ROSTER, OTHER], [PLANNER, OFFICER]);
  await cypher(t.driver, "MATCH (s:Source {kind: 'IMPORT'}) WHERE s.title STARTS WITH $p DETACH DELETE s", { p: P });
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

/** The first activity after 2022-12-31 of `pairing`: on 2023-02-01, the smaller of the two ids. */
const firstAfter = (pairing: string) => [naturalId(pairing, '2023-02-01', 'FIELD_VISIT', []), naturalId(pairing, '2023-02-01', 'DONATION_MONEY', [{ unit: 'WAN_YUAN', value: 2.5 }])].sort()[0];

describe('endPairing and the ledger', () => {
  it('refuses an end before a recorded activity, naming the pairing, the end and the first activity after it, and writes nothing', async () => {
    const before = await state(ENDED);
    const res = await t.execute(EndPairingDocument, { id: ENDED, until: '2022-12-31' }, planner);
    expect(res.data?.endPairing ?? null).toBeNull();
    const e = res.errors![0];
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    for (const part of [ENDED, '2022-12-31', firstAfter(ENDED), '2023-02-01']) expect(e.message).toContain(part);
    expect(await state(ENDED)).toEqual(before);
    expect(before).toMatchObject({ until: null, changes: 0 });
    // The day before the first recorded act: refused too; an end before everything names the earliest act.
    const early = await t.execute(EndPairingDocument, { id: ENDED, until: '2021-12-31' }, planner);
    expect(early.errors![0].message).toContain(naturalId(ENDED, '2022-05-10', 'TRAINING', [{ unit: 'SESSIONS', value: 1 }, { unit: 'PERSON_TIMES', value: 30 }]));
    expect(await state(ENDED)).toEqual(before);
  });

  it('accepts an end on the day of the last activity', async () => {
    const res = await t.execute(EndPairingDocument, { id: ENDED, until: '2023-02-01' }, planner);
    expect(res.errors).toBeUndefined();
    expect(res.data!.endPairing.pairing).toMatchObject({ id: ENDED, until: '2023-02-01', status: 'ENDED' });
  });
});

describe('a pairings roster row that ends a pairing before its activities', () => {
  it('is refused on its row, naming the activity, and the whole roster writes nothing', async () => {
    const file = path.join(dir, `${P}-pairings.csv`);
    await writeCsv(file, [
      ['id', 'supporting', 'supported', 'until', 'note'],
      [OTHER, ...ends[OTHER], '2023-02-01', `${P} fine`],
      [ROSTER, ...ends[ROSTER], '2022-12-31', `${P} too early`],
    ]);
    const before = [await state(ROSTER), await state(OTHER)];
    const result = await importRosters(testDatabase(t.driver), [fileInput(file)], { importedBy: OFFICER });
    expect(result.ok).toBe(false);
    expect(result.written).toBe(false);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ row: 3, field: 'until', code: 'UNTIL_BEFORE_ACTIVITY', value: '2022-12-31' });
    expect(result.problems[0].reason.en).toContain(firstAfter(ROSTER));
    expect(result.problems[0].reason.en).toContain('2023-02-01');
    expect(result.problems[0].reason.zh).toContain(firstAfter(ROSTER));
    expect([await state(ROSTER), await state(OTHER)]).toEqual(before);
  });
});
