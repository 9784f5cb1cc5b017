import type { Driver } from 'neo4j-driver';
import { ANONYMOUS } from '../../src/auth/Caller';
import { createLoaders } from '../../src/context/Loaders';
import { createRepositories } from '../../src/context/Repositories';
import { recordingDatabase } from '../../src/bench/recordingDatabase';
import { coverageQuery, unpairedVillagesQuery, type CoverageSection } from '../../src/planner/plannerQueries';
import { createGraphQLServer, type GraphQLServer } from '../../src/server/createGraphQLServer';
import { testDatabase, testDriver } from '../support/testDatabase';

/**
 * The planner's questions read only what their selection needs: `coverage` the sections (coverageSections),
 * `unpairedVillages` the villages' county. Each partial answer is checked against the full answer to the same
 * question, and the Cypher sent against the composition expected.
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

/** Answers `query` in process; returns its data and the Cypher the request sent. */
async function ask(query: string): Promise<{ data: Record<string, unknown>; cypher: string[] }> {
  const rec = recordingDatabase(testDatabase(driver));
  const repos = createRepositories(rec.db);
  rec.start();
  const response = await server.apollo.executeOperation({ query }, { contextValue: { repos, loaders: createLoaders(repos), today: '2024-06-01', caller: ANONYMOUS } });
  const cypher = rec.stop().flatMap((t) => t.queries.map((q) => q.cypher));
  if (response.body.kind !== 'single') throw new Error('an incremental answer was not expected');
  expect(response.body.singleResult.errors).toBeUndefined();
  return { data: response.body.singleResult.data as Record<string, unknown>, cypher };
}

/** Answers `coverage(region…) { selection }`; returns the coverage and the Cypher sent. */
async function askCoverage(region: string, args: string, selection: string): Promise<{ coverage: Record<string, unknown>; cypher: string[] }> {
  const fragments = selection.includes('...F') ? FRAGMENTS : '';
  const { data, cypher } = await ask(`query { coverage(region: "${region}", activeOn: "2024-06-01"${args}) { ${selection} } } ${fragments}`);
  return { coverage: data.coverage as Record<string, unknown>, cypher };
}

describe.each(REGIONS)('coverage of %s%s', (region, args) => {
  let full: Record<string, unknown>;
  beforeAll(async () => {
    full = (await askCoverage(region, args, FULL)).coverage;
  });

  it('in full has entries, kinds and supporting units to compare with', () => {
    expect((full.children as unknown[]).length).toBeGreaterThan(0);
    expect((full.kinds as unknown[]).length).toBeGreaterThan(0);
  });

  it.each(SELECTIONS)('%s: the full answer restricted to the selection, from the sections it needs', async (_name, selection, sections) => {
    const { coverage, cypher } = await askCoverage(region, args, selection);
    expect(cypher).toEqual([coverageQuery(new Set(sections))]);
    expect(Object.keys(coverage).length).toBeGreaterThan(0);
    expect(full).toMatchObject(coverage);
  });
});

describe("unpairedVillages of the seed's 卓资县", () => {
  const villages = (selection: string) => ask(`query { unpairedVillages(region: "150921", demonstrationOnly: false, activeOn: "2024-06-01") { ${selection} } }`);
  const rest = 'unit { id name } townshipCode townshipName demonstration pairedKinds partnerCount';

  it('looks up each village\'s county only when countyCode or countyName is selected, and answers the same', async () => {
    const full = await villages(`${rest} countyCode countyName`);
    const rows = full.data.unpairedVillages as { countyCode: string }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.countyCode))).toEqual(new Set(['150921000000']));
    expect(full.cypher).toEqual([unpairedVillagesQuery({ county: true })]);
    const byName = await villages('unit { id } countyName');
    expect(byName.cypher).toEqual([unpairedVillagesQuery({ county: true })]);
    expect(full.data).toMatchObject(byName.data);

    const lean = await villages(rest);
    expect(lean.cypher).toEqual([unpairedVillagesQuery({ county: false })]);
    expect(lean.cypher[0]).not.toMatch(/level: 'COUNTY'/);
    expect(full.data).toMatchObject(lean.data);
  });
});
