import type { Driver } from 'neo4j-driver';
import { ANONYMOUS } from '../../src/auth/Caller';
import { createLoaders } from '../../src/context/Loaders';
import { createRepositories } from '../../src/context/Repositories';
import { recordingDatabase } from '../../src/bench/recordingDatabase';
import { coverageQuery, type CoverageSection } from '../../src/planner/plannerQueries';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { testDatabase, testDriver } from '../support/testDatabase';

/**
 * `coverage` reads only the sections its selection needs (coverageSections), and answers every field it serves
 * exactly as the whole query does: each partial answer is checked against the full answer of the same region,
 * and the Cypher sent against the composition of the sections expected.
 */

const FULL = `regionCode regionName regionLevel countyCode countyName activeOn
  children { code name level villages paired unpaired demonstration demonstrationPaired demonstrationUnpaired regionPaired }
  townships { code name villages paired unpaired demonstration demonstrationPaired demonstrationUnpaired townshipPaired }
  total { code name villages paired unpaired demonstration demonstrationPaired demonstrationUnpaired townshipPaired }
  kinds { kind units paired unpaired demonstrationPaired demonstrationUnpaired pairings supportingUnits }
  supporting { unit { id name kind } partners ended kinds }`;

/** Selections of `coverage` and the sections each must read. */
const SELECTIONS: [string, string, CoverageSection[]][] = [
  ['the region alone', 'regionName regionLevel countyCode activeOn', []],
  ['children, codes and names', 'children { code name level }', ['entries']],
  ['children with counts', 'children { code villages demonstrationUnpaired regionPaired }', ['entries', 'villageGroups']],
  ['townships (deprecated)', 'townships { code unpaired townshipPaired }', ['entries', 'villageGroups']],
  ['total, code and name', 'total { code name }', []],
  ['total, whether every entry is paired', 'total { townshipPaired }', ['entries']],
  ['total counts', 'total { villages unpaired demonstration }', ['villageGroups']],
  ['kinds alone', 'kinds { kind }', []],
  ['kinds, unit counts', 'kinds { kind units unpaired demonstrationUnpaired }', ['unitGroups']],
  ['kinds, pairing counts', 'kinds { kind pairings }', ['supporting']],
  ['supporting', 'supporting { unit { id } partners ended }', ['supporting']],
  ['fragments', '...F', ['villageGroups', 'supporting']],
];

/** The fragments the selections may spread. */
const FRAGMENTS = `fragment F on Coverage { kinds { ... on KindCoverage { supportingUnits } } total { ...C } }
  fragment C on VillageCounts { paired }`;

/** Regions asked about: the seed's county, its province by county, one of its townships. */
const REGIONS: [string, string][] = [
  ['150921000000', ''],
  ['150000000000', ', by: COUNTY'],
  ['150921212000', ''],
];

let driver: Driver;
let server: GraphQLServer;

beforeAll(async () => {
  driver = testDriver();
  server = await createGraphQLServer(testDatabase(driver), { migrated: true }, { production: true });
});

afterAll(async () => {
  await server.stop();
  await driver.close();
});

/** Answers `coverage(region…) { selection }` in process; returns the data and the Cypher the request sent. */
async function ask(region: string, args: string, selection: string): Promise<{ coverage: Record<string, unknown>; cypher: string[] }> {
  const rec = recordingDatabase(testDatabase(driver));
  const repos = createRepositories(rec.db);
  const fragments = selection.includes('...F') ? FRAGMENTS : '';
  const query = `query { coverage(region: "${region}", activeOn: "2024-06-01"${args}) { ${selection} } } ${fragments}`;
  rec.start();
  const response = await server.apollo.executeOperation({ query }, { contextValue: { repos, loaders: createLoaders(repos), today: '2024-06-01', caller: ANONYMOUS } });
  const cypher = rec.stop().flatMap((t) => t.queries.map((q) => q.cypher));
  if (response.body.kind !== 'single') throw new Error('an incremental answer was not expected');
  expect(response.body.singleResult.errors).toBeUndefined();
  return { coverage: (response.body.singleResult.data as { coverage: Record<string, unknown> }).coverage, cypher };
}

describe.each(REGIONS)('coverage of %s%s', (region, args) => {
  let full: Record<string, unknown>;
  beforeAll(async () => {
    full = (await ask(region, args, FULL)).coverage;
  });

  it('in full has entries, kinds and supporting units to compare with', () => {
    expect((full.children as unknown[]).length).toBeGreaterThan(0);
    expect((full.kinds as unknown[]).length).toBeGreaterThan(0);
  });

  it.each(SELECTIONS)('%s: the full answer restricted to the selection, from the sections it needs', async (_name, selection, sections) => {
    const { coverage, cypher } = await ask(region, args, selection);
    expect(cypher).toEqual([coverageQuery(new Set(sections))]);
    expect(Object.keys(coverage).length).toBeGreaterThan(0);
    expect(full).toMatchObject(coverage);
  });
});
