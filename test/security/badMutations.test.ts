import { buildSchema, getNamedType, isInputObjectType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import { loadTypeDefs } from '../../src/graphql/loadTypeDefs';
import { startHarness, type Harness, type Reply } from '../server/harness';
import { cypher } from '../support/testDatabase';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { EVIL, problemsOf } from './corpus';
import { fingerprint, type Fingerprint } from './fingerprint';

/**
 * The corpus of Cypher-looking strings in every string argument (and every string field of every input
 * object) of every mutation, sent with an admin's token so that each reaches its checks and the database.
 * Each gets a normal answer or a clear error, never a 500. A string that is a valid value is stored as it
 * is (a parameter, never Cypher): nothing else in the database changes. Afterwards this file's records and
 * their audit entries are removed and the database is byte-for-byte as before.
 */

const P = `bm${process.pid}`;
const ACTOR = `${P}-admin`;

/** Valid values for the arguments a case does not aim at, by mutation and argument path. */
function valid(mutation: string, path: string, n: number): unknown {
  const byPath: Record<string, unknown> = {
    id: mutation === 'endPairing' || mutation === 'deletePairing' ? `${P}-p` : `${P}-u`,
    placeholder: `${P}-ph`,
    personId: `${P}-person`,
    until: '2030-01-01',
    'input.id': mutation === 'replacePlaceholder' ? `${P}-r${n}` : mutation === 'pairUnits' ? `${P}-np${n}` : `${P}-c${n}`,
    'input.name': '语料测试学校',
    'input.kind': 'SCHOOL',
    'input.region': '110105000000',
    'input.supporting': `${P}-u`,
    'input.supported': `${P}-z`,
    'input.pairingId': `${P}-p`,
    'input.date': '2024-06-01',
    'input.form': 'FIELD_VISIT',
  };
  return byPath[path];
}

const isText = (type: GraphQLInputType) => {
  const named = getNamedType(type);
  return isScalarType(named) && ['String', 'ID', 'Date'].includes(named.name);
};

interface Case {
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

/** Every mutation × every text position × every evil string, the other required values valid. */
function corpus(): Case[] {
  const schema = buildSchema(loadTypeDefs().join('\n'));
  const cases: Case[] = [];
  let n = 0;
  for (const field of Object.values(schema.getMutationType()!.getFields())) {
    const declared = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const query = `mutation Corpus(${declared}) { ${field.name}(${passed}) { __typename } }`;
    const targets: string[] = [];
    for (const arg of field.args) {
      const inner = getNamedType(arg.type);
      if (isText(arg.type)) targets.push(arg.name);
      else if (isInputObjectType(inner)) for (const f of Object.values(inner.getFields())) if (isText(f.type)) targets.push(`${arg.name}.${f.name}`);
    }
    for (const target of targets) {
      for (const [i, evil] of EVIL.entries()) {
        n += 1;
        const variables: Record<string, unknown> = {};
        for (const arg of field.args) {
          const inner = getNamedType(arg.type);
          if (isInputObjectType(inner)) {
            const value: Record<string, unknown> = {};
            for (const f of Object.values(inner.getFields())) {
              const v = valid(field.name, `${arg.name}.${f.name}`, n);
              if (isNonNullType(f.type) || (v !== undefined && field.name !== 'updateUnit')) value[f.name] = v;
            }
            variables[arg.name] = value;
          } else if (isNonNullType(arg.type)) variables[arg.name] = valid(field.name, arg.name, n);
        }
        const [arg, sub] = target.split('.');
        if (sub) (variables[arg] as Record<string, unknown>)[sub] = evil;
        else variables[arg] = evil;
        cases.push({ label: `${field.name}(${target}) #${i}`, query, variables });
      }
    }
  }
  return cases;
}

let h: Harness;
let before: Fingerprint;
let headers: Record<string, string>;
const answers: { label: string; res: Reply }[] = [];

beforeAll(async () => {
  h = await startHarness({ production: true, auth: testAuth() });
  headers = bearer(await tokenFor('admin', ACTOR));
  before = await fingerprint(h.driver);
  // This file's records: a school, a placeholder, a supported school, a pairing of the two schools, a person.
  await cypher(
    h.driver,
    `MATCH (cy:Region {id: '110105000000'}), (zz:Region {id: '150921000000'})
     CREATE (u:Node:Unit:Organization {id: $p + '-u', name: '语料测试学校', kind: 'SCHOOL', side: 'SUPPORTING', provenance: 'IMPORTED', source: 'report-2023-08-22'})-[:LOCATED_IN {provenance: 'IMPORTED'}]->(cy)
     CREATE (ph:Node:Unit:Organization {id: $p + '-ph', name: '朝阳区结对学校 97', kind: 'SCHOOL', side: 'SUPPORTING', provenance: 'PLACEHOLDER', source: 'report-2023-08-22'})-[:LOCATED_IN {provenance: 'PLACEHOLDER'}]->(cy)
     CREATE (z:Node:Unit:Organization {id: $p + '-z', name: '语料测试受援学校', kind: 'SCHOOL', side: 'SUPPORTED', provenance: 'IMPORTED', source: 'report-2023-08-22'})-[:LOCATED_IN {provenance: 'IMPORTED'}]->(zz)
     CREATE (pr:Node:Pairing {id: $p + '-p', kind: 'SCHOOL_SCHOOL', sector: 'EDUCATION', since: date('2024-01-01'), status: 'ACTIVE', provenance: 'IMPORTED', source: 'report-2023-08-22'})
     CREATE (pr)-[:SUPPORTER]->(u), (pr)-[:SUPPORTED]->(z)
     CREATE (:Node:Entity:Person {id: $p + '-person', name: '语料测试人物', provenance: 'REPORTED', source: 'report-2023-08-22'})`,
    { p: P },
  );
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('Cypher-looking strings in every string argument of every mutation', () => {
  const cases = corpus();

  it('covers every mutation', () => {
    const names = new Set(cases.map((c) => c.label.split('(')[0]));
    expect([...names].sort()).toEqual([
      'createCooperation',
      'createUnit',
      'deleteActivity',
      'deletePairing',
      'deleteUnit',
      'endPairing',
      'pairUnits',
      'recordActivity',
      'replacePlaceholder',
      'setContact',
      'updateActivity',
      'updateUnit',
    ]);
    expect(cases.length).toBeGreaterThan(400);
  });

  it('answers each with a clear error or a normal answer, as an admin', async () => {
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const res = await h.post({ query: c.query, variables: c.variables }, headers);
        answers.push({ label: c.label, res });
        for (const p of problemsOf(res)) problems.push(`${c.label} ${JSON.stringify(c.variables).slice(0, 160)}: ${p}`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(problems).toEqual([]);
    // Some strings are valid names, notes or ids: those calls must have written, literally.
    expect(answers.filter((a) => a.res.json?.data && !a.res.json.errors).length).toBeGreaterThan(20);
  }, 300_000);

  it('stored evil strings literally, only in the records it aimed at', async () => {
    expect(await cypher(h.driver, 'MATCH (n) WHERE n.pwned IS NOT NULL RETURN n')).toEqual([]);
    const [{ n }] = await cypher<{ n: number }>(h.driver, "MATCH (n:Unit) WHERE n.name = 'MATCH (n) DETACH DELETE n' RETURN count(n) AS n");
    expect(n).toBeGreaterThan(0);
  });
});

describe('afterwards', () => {
  it('never answered 500, and once its own records are removed the database is as before', async () => {
    expect(answers.filter((a) => a.res.status >= 500).map((a) => a.label)).toEqual([]);
    const changed = await cypher<{ id: string; source: string | null }>(h.driver, 'MATCH (c:Change {actor: $actor}) RETURN c.targetId AS id, c.source AS source', { actor: ACTOR });
    expect(changed.length).toBeGreaterThan(20);
    const ids = [...new Set(changed.map((c) => c.id))];
    const sources = [...new Set(changed.map((c) => c.source).filter((s): s is string => s !== null))];
    await cypher(h.driver, 'MATCH (n:Node) WHERE n.id IN $ids OR n.id STARTS WITH $p OR n.replacedPlaceholder STARTS WITH $p DETACH DELETE n', { ids, p: P });
    await cypher(h.driver, 'MATCH (s:Source) WHERE s.id IN $sources DETACH DELETE s', { sources });
    await cypher(h.driver, 'MATCH (c:Change {actor: $actor}) DELETE c', { actor: ACTOR });
    expect(await fingerprint(h.driver)).toEqual(before);
  });
});
