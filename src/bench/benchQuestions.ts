import type { BenchRequest } from './httpClient';

/** The parameters of the planner questions on one graph: a village, its county, a search text. */
export interface QuestionParams {
  village: string;
  county: string;
  search: string;
}

/** One planner question as a client asks it over HTTP. */
export interface BenchQuestion {
  name: 'counterparts' | 'unpairedVillages' | 'coverage' | 'search' | 'graph depth 2' | 'export (county, GraphML)';
  request: BenchRequest;
}

const graphql = (operationName: string, query: string, variables: Record<string, unknown>): BenchRequest => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ operationName, query, variables }),
});

/** Returns the six questions of the benchmark for `p`: the GraphQL queries a planner's tool sends, and one export. */
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
      name: 'search',
      request: graphql('BenchSearch', 'query BenchSearch($text: String!) { search(text: $text, first: 10) { score matchedOn unit { id name kind } } }', { text: p.search }),
    },
    {
      name: 'graph depth 2',
      request: graphql(
        'BenchGraph',
        'query BenchGraph($id: ID!) { graph(centerId: $id, depth: 2) { nodes { id label kind side region paired } edges { id source target type kind since status } truncated } }',
        { id: p.village },
      ),
    },
    { name: 'export (county, GraphML)', request: { method: 'GET', path: `/export/graph.graphml?region=${encodeURIComponent(p.county.padEnd(12, '0'))}` } },
  ];
}
