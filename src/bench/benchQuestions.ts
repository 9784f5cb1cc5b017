import type { BenchRequest } from './httpClient';

/** The parameters of the planner questions on one graph: a village, its county, search texts. */
export interface QuestionParams {
  village: string;
  county: string;
  /** Search texts, each its own question `search <text>`: on the seed 卓资 (two characters) and 拐角铺 (three). */
  searches: string[];
}

/** A plain Cypher statement that a question is timed beside, through the driver only (search against a plain CONTAINS). */
export interface BenchBaseline {
  name: string;
  cypher: string;
  params: Record<string, unknown>;
}

/** One planner question as a client asks it over HTTP, with the plain statement it is compared with, if any. */
export interface BenchQuestion {
  name: string;
  request: BenchRequest;
  baseline?: BenchBaseline;
}

const graphql = (operationName: string, query: string, variables: Record<string, unknown>): BenchRequest => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ operationName, query, variables }),
});

/** What a list client selects of a pairing (test/operations/core.graphql's PairingFields). */
const PAIRING_FIELDS = 'id kind sector since until asOf status provenance supporting { id name } supported { id name } source { id }';
/** What a list client selects of a unit (test/operations/core.graphql's UnitFields). */
const UNIT_FIELDS = 'id name kind side demonstration demonstrationProvenance provenance pinyin initials region { code name } source { id }';
const SUMS = 'sums { unit count value }';

/**
 * The search question for `text`, beside a plain `CONTAINS` on the indexed name that returns as many units.
 * The text index is on `names`, which holds the name (and its other forms): a `CONTAINS` on `name` alone would
 * be a label scan, not the plain indexed query issue 17 compares with.
 */
const searchQuestion = (text: string): BenchQuestion => ({
  name: `search ${text}`,
  request: graphql('BenchSearch', 'query BenchSearch($text: String!) { search(text: $text, first: 10) { score matchedOn unit { id name kind } } }', { text }),
  baseline: { name: 'plain CONTAINS', cypher: 'MATCH (u:Unit) WHERE u.names CONTAINS $text RETURN u LIMIT 10', params: { text } },
});

/**
 * Returns the questions of the benchmark for `p`: the GraphQL queries a planner's tool sends (issue 8's, and issue
 * 17's exact selections: coverage with townships only beside the full one, the pairings and units pages, the
 * ledger's dormant pairings and activity summary of issue 15), and one export.
 */
export function benchQuestions(p: QuestionParams): BenchQuestion[] {
  return [
    {
      name: 'counterparts',
      request: graphql(
        'BenchCounterparts',
        'query BenchCounterparts($id: ID!) { counterparts(unitId: $id) { side unit { id name kind } pairing { id kind sector since until status } } }',
        { id: p.village },
      ),
    },
    {
      name: 'unpairedVillages',
      request: graphql(
        'BenchUnpaired',
        'query BenchUnpaired($county: ID!) { unpairedVillages(county: $county, demonstrationOnly: false) { unit { id name } townshipCode townshipName demonstration pairedKinds partnerCount } }',
        { county: p.county },
      ),
    },
    {
      name: 'coverage',
      request: graphql(
        'BenchCoverage',
        `query BenchCoverage($county: ID!) { coverage(county: $county) { countyCode countyName
          townships { code name villages paired unpaired demonstration demonstrationPaired townshipPaired }
          total { villages paired unpaired } kinds { kind units paired unpaired pairings supportingUnits }
          supporting { unit { id name kind } partners ended kinds } } }`,
        { county: p.county },
      ),
    },
    {
      name: 'coverage townships',
      request: graphql(
        'BenchCoverageTownships',
        'query BenchCoverageTownships($county: ID!) { coverage(county: $county) { townships { code name villages paired unpaired demonstration demonstrationPaired townshipPaired } } }',
        { county: p.county },
      ),
    },
    ...p.searches.map(searchQuestion),
    {
      name: 'pairings page',
      request: graphql(
        'BenchPairings',
        `query BenchPairings { pairings(where: {kind: [COMMUNITY_VILLAGE]}, first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${PAIRING_FIELDS} } } } }`,
        {},
      ),
    },
    {
      name: 'pairings page, no totalCount',
      request: graphql(
        'BenchPairingsPage',
        `query BenchPairingsPage { pairings(where: {kind: [COMMUNITY_VILLAGE]}, first: 100) { pageInfo { hasNextPage endCursor } edges { node { ${PAIRING_FIELDS} } } } }`,
        {},
      ),
    },
    {
      name: 'units page',
      request: graphql(
        'BenchUnits',
        `query BenchUnits { units(where: {kind: [VILLAGE]}, first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${UNIT_FIELDS} } } } }`,
        {},
      ),
    },
    {
      name: 'graph depth 2',
      request: graphql(
        'BenchGraph',
        'query BenchGraph($id: ID!) { graph(centerId: $id, depth: 2) { nodes { id label kind side region paired } edges { id source target type kind since status } truncated } }',
        { id: p.village },
      ),
    },
    {
      name: 'dormantPairings',
      request: graphql(
        'BenchDormant',
        'query BenchDormant($region: ID!) { dormantPairings(region: $region) { pairing { id kind since supporting { id name: displayName } supported { id name: displayName } } lastActivity { id date form } silentDays } }',
        { region: p.county },
      ),
    },
    {
      name: 'activitySummary',
      request: graphql(
        'BenchActivitySummary',
        `query BenchActivitySummary($region: ID!) { activitySummary(region: $region) { region { code name } from to total { count ${SUMS} }
          byForm { form count ${SUMS} } byChildRegion { region { code name } count ${SUMS} } bySupportingUnit { unit { id name } count ${SUMS} } } }`,
        { region: p.county },
      ),
    },
    { name: 'export (county, GraphML)', request: { method: 'GET', path: `/export/graph.graphml?region=${encodeURIComponent(p.county.padEnd(12, '0'))}` } },
  ];
}
