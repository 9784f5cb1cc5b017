import type { Driver } from 'neo4j-driver';
import { localExecutor } from '../../src/bench/localExecutor';
import { recordingDatabase } from '../../src/bench/recordingDatabase';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { deleteSynth, loadSynth } from '../../src/synth/loadSynth';
import { nationalOptions } from '../../src/synth/nationalOptions';
import { profiledHits } from '../support/profiledHits';
import { cypher, testDatabase, testDriver } from '../support/testDatabase';

/**
 * Issue 17's guard on `coverage`, deterministic where timings are not: a GraphQL request goes through the
 * service's own resolvers into a recording database, and the Cypher it sent is PROFILEd and its db hits summed
 * over the plan tree. A section the client did not select must cost nothing; a plan that walks it anyway, or a
 * section whose plan regresses, fails here. The date is fixed so that the figures do not move with the calendar.
 */

/** Fixed, not per process: the prefix picks the generated region codes, and the guard's figures must not move between runs. */
const P = 'covplan';
const SEED_COUNTY = '150921000000';

/**
 * Townships only on the seed's 卓资县 (its townships and about 100 villages): the entries and the village groups,
 * measured 1,550 db hits (children: 1,549); before issue 17 the resolver read every section, 9,447. Bound: a third of
 * the whole, so that reading the unit groups or the supporting units again fails.
 */
const SEED_TOWNSHIPS_HITS = 3000;
/** The whole coverage of 卓资县, every section: measured 9,447 db hits; the bound leaves room for the seed to grow a little. */
const SEED_FULL_HITS = 15000;
/**
 * Townships only on the generated county (9 townships, 367 villages, 1,152 yearly pairing records into them):
 * measured 5,279 to 5,335 db hits (the order of relationships after a reload moves it a little); before, the whole
 * coverage, about 42,600. Bound: issue 17's target for a generated county.
 */
const GENERATED_TOWNSHIPS_HITS = 10000;
/** The whole coverage of the generated county: measured about 42,600 db hits, most of them the supporting units' section. */
const GENERATED_FULL_HITS = 60000;

const TOWNSHIPS = `query Q($region: ID!) { coverage(county: $region, activeOn: "2024-06-01") { countyCode countyName
  townships { code name villages paired unpaired demonstration demonstrationPaired townshipPaired } } }`;
const CHILDREN = `query Q($region: ID!) { coverage(region: $region, activeOn: "2024-06-01") { regionCode
  children { code name level villages paired unpaired demonstration demonstrationPaired demonstrationUnpaired regionPaired } } }`;
const FULL = `query Q($region: ID!) { coverage(county: $region, activeOn: "2024-06-01") { countyCode countyName
  townships { code name villages paired unpaired demonstration demonstrationPaired townshipPaired }
  total { villages paired unpaired } kinds { kind units paired unpaired pairings supportingUnits }
  supporting { unit { id name kind } partners ended kinds } } }`;

let driver: Driver;
let server: GraphQLServer;

/** Sends `query` about `region` through the service's resolvers (in process) and returns the db hits of the Cypher it sent. */
async function hitsOf(query: string, region: string): Promise<number> {
  const rec = recordingDatabase(testDatabase(driver));
  const send = localExecutor(server.apollo, rec.db)(JSON.stringify({ query, variables: { region } }));
  rec.start();
  await send();
  const txs = rec.stop();
  expect(txs.map((t) => t.queries.length)).toEqual([1]); // one round trip, whatever the selection
  return profiledHits(driver, txs);
}

beforeAll(async () => {
  driver = testDriver();
  server = await createGraphQLServer(testDatabase(driver), { migrated: true }, { production: true });
}, 60_000);

afterAll(async () => {
  await deleteSynth(testDatabase(driver), P);
  await server.stop();
  await driver.close();
});

it("coverage of the seed's 卓资县 with townships only (or children) reads far less than in full, each under its bound", async () => {
  const townships = await hitsOf(TOWNSHIPS, SEED_COUNTY);
  const children = await hitsOf(CHILDREN, SEED_COUNTY);
  const full = await hitsOf(FULL, SEED_COUNTY);
  expect(townships).toBeLessThan(SEED_TOWNSHIPS_HITS);
  expect(children).toBeLessThan(SEED_TOWNSHIPS_HITS);
  expect(full).toBeLessThan(SEED_FULL_HITS);
  // The bound tells the two apart: the full query would fail it.
  expect(full).toBeGreaterThan(SEED_TOWNSHIPS_HITS);
});

it('coverage of a generated county of national size with townships only stays under 10,000 db hits', async () => {
  // One supporting district and one supported county of the national model (counties of about 12 townships of 40 villages, yearly records).
  const options = nationalOptions(20261201, P, 1, { supportingProvinces: 1, supportedProvinces: 1, districtsPerProvince: 1, countiesPerProvince: 1, orgsPerDistrict: 40 });
  await deleteSynth(testDatabase(driver), P); // what a run killed midway left
  await loadSynth(testDatabase(driver), options);
  const [{ county, villages }] = await cypher<{ county: string; villages: number }>(
    driver,
    `MATCH (c:Region {synth: $p, level: 'COUNTY', side: 'SUPPORTED'})<-[:PART_OF]-(:Region)<-[:PART_OF]-(v:Region {kind: 'VILLAGE'})
     RETURN c.id AS county, count(v) AS villages`,
    { p: P },
  );
  expect(villages).toBeGreaterThan(300);
  const townships = await hitsOf(TOWNSHIPS, county);
  const children = await hitsOf(CHILDREN, county);
  const full = await hitsOf(FULL, county);
  expect(townships).toBeLessThan(GENERATED_TOWNSHIPS_HITS);
  expect(children).toBeLessThan(GENERATED_TOWNSHIPS_HITS);
  expect(full).toBeLessThan(GENERATED_FULL_HITS);
  expect(full).toBeGreaterThan(GENERATED_TOWNSHIPS_HITS);
  await deleteSynth(testDatabase(driver), P);
}, 120_000);
