import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { loadTypeDefs } from '../../src/graphql/loadTypeDefs';
import { reply, startHarness, type Harness, type Reply } from '../server/harness';
import { bearer, testAuth, tokenFor } from '../support/tokens';
import { EVIL, problemsOf } from './corpus';
import { fingerprint, type Fingerprint } from './fingerprint';

/**
 * A corpus of bad input tried against the real server in production mode over the real test database:
 * every answer is a clear error (a message and extensions.code) or a normal answer, never a 500, never an
 * internal message; and the database is byte-for-byte the same afterwards.
 */

/** Valid values for required arguments that a case does not aim at. */
const VALID: Record<string, unknown> = {
  unitId: '150921212210',
  id: '150921212210',
  code: '150921212210',
  county: '150921',
  fromId: '150921212210',
  toId: '110105000000',
  text: '卓资',
};

let h: Harness;
let before: Fingerprint;
const answers: { label: string; res: Reply }[] = [];

/** Sends with an admin's token unless told otherwise, so that every field (the audit trail too) reaches its resolver. */
async function send(label: string, body: unknown, headers?: Record<string, string>): Promise<Reply> {
  const res = await h.post(body, headers ?? admin);
  answers.push({ label, res });
  return res;
}

function expectClear(label: string, res: Reply): void {
  expect({ label, problems: problemsOf(res) }).toEqual({ label, problems: [] });
}

let admin: Record<string, string>;

beforeAll(async () => {
  h = await startHarness({ production: true, auth: testAuth() });
  admin = bearer(await tokenFor('admin', 'corpus-admin'));
  before = await fingerprint(h.driver);
});

afterAll(async () => {
  await h?.close();
});

describe('malformed requests', () => {
  const raw: [string, string, Record<string, string>?][] = [
    ['truncated JSON', '{"query": '],
    ['an open brace', '{'],
    ['JSON null', 'null'],
    ['a JSON string', '"{ __typename }"'],
    ['a JSON number', '42'],
    ['an empty body', ''],
    ['garbage bytes', '\u0001\u0002\u00ff{{{'],
    ['a trailing comma', '{"query": "{ __typename }",}'],
    ['single quotes', "{'query': '{ __typename }'}"],
    ['query not a string', '{"query": 1}'],
    ['query an object', '{"query": {"a": 1}}'],
    ['no query', '{"variables": {}}'],
    ['variables a string', '{"query": "{ __typename }", "variables": "x"}'],
    ['variables an array', '{"query": "{ __typename }", "variables": [1]}'],
    ['operationName a number', '{"query": "{ __typename }", "operationName": 5}'],
    ['extensions a number', '{"query": "{ __typename }", "extensions": 3}'],
    ['a batch (batching is off)', '[{"query": "{ __typename }"}, {"query": "{ __typename }"}]'],
    ['an empty batch', '[]'],
    ['deeply nested JSON', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
    ['a huge number', `{"query": "{ __typename }", "variables": {"x": 1${'0'.repeat(400)}}}`],
    ['a duplicate key', '{"query": "{ __typename }", "query": "{ apiVersion }"}'],
    ['a BOM', '\ufeff{"query": "{ __typename }"}'],
    ['text/plain (CSRF)', '{"query": "{ __typename }"}', { 'content-type': 'text/plain' }],
    ['form-encoded', 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['application/graphql', '{ __typename }', { 'content-type': 'application/graphql' }],
    ['a Latin-1 charset', '{"query": "{ __typename }"}', { 'content-type': 'application/json; charset=latin1' }],
    ['an unknown charset', '{"query": "{ __typename }"}', { 'content-type': 'application/json; charset=klingon' }],
    ['gzip that is not', '{"query": "{ __typename }"}', { 'content-encoding': 'gzip' }],
    ['an unknown encoding', '{"query": "{ __typename }"}', { 'content-encoding': 'br-nonsense' }],
  ];
  // Rows as objects: a test function with more parameters than a tuple row has would be given jest's `done`.
  it.each(raw.map(([label, body, headers]) => ({ label, body, headers })))('$label: a clear error or a normal answer', async ({ label, body, headers }) => {
    const res = await send(label, body, headers);
    expectClear(label, res);
  });

  it('answers a malformed JSON body with 400 BAD_REQUEST in the GraphQL error shape', async () => {
    const res = await send('malformed JSON', '{"query": "{ __typename }"');
    expect(res.status).toBe(400);
    expect(res.json?.errors?.[0]).toEqual({ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('answers a body over GRAPHQL_BODY_LIMIT (1 MiB) with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await send('2 MiB body', JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(res.status).toBe(413);
    expect(res.json?.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expectClear('2 MiB body', res);
  });

  it('refuses a GET without a preflight header (CSRF prevention) and never runs a GET as a mutation', async () => {
    const simple = await reply(await fetch(`${h.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json' } }));
    expect(simple.status).toBe(400);
    expect(simple.json?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const preflighted = await reply(
      await fetch(`${h.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': '1' } }),
    );
    expect(preflighted.json?.data).toEqual({ __typename: 'Query' });
  });
});

describe('documents over the limits', () => {
  it('rejects a huge query (over 2000 tokens) before parsing it whole: 400 GRAPHQL_PARSE_FAILED', async () => {
    const res = await send('tokens', { query: `{ ${'apiVersion '.repeat(5000)} }` });
    expect(res.status).toBe(400);
    expect(res.json?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.json?.errors?.[0]?.message).toMatch(/more tha[nt] 2000 tokens/);
    expectClear('tokens', res);
  });

  it('rejects deep nesting (over depth 12): 400 GRAPHQL_VALIDATION_FAILED naming the limit', async () => {
    const deep = `{ region(code: "150921212210") { ${'parent { '.repeat(20)}code${' }'.repeat(20)} } }`;
    const res = await send('depth', { query: deep });
    expect(res.status).toBe(400);
    expect(res.json?.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' } });
    expect(res.json?.errors?.[0]?.message).toMatch(/depth limit of 12 exceeded/i);
    expectClear('depth', res);
    // Depth through fragments counts too (the cost limit objects as well).
    const viaFragments = `query { region(code: "150921212210") { ...F0 } } ${Array.from({ length: 15 }, (_, i) => `fragment F${i} on Region { parent { ${i < 14 ? `...F${i + 1}` : 'code'} } }`).join(' ')}`;
    const res2 = await send('depth via fragments', { query: viaFragments });
    expect(res2.status).toBe(400);
    expect(res2.json?.errors?.map((e) => e.extensions?.limit)).toContain('depth');
    expectClear('depth via fragments', res2);
  });

  it('rejects many aliases (over 15): 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: search(text: "卓资") { unit { id } }`).join(' ');
    const res = await send('aliases', { query: `{ ${aliases} }` });
    expect(res.status).toBe(400);
    expect(res.json?.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' } });
    expectClear('aliases', res);
  });

  it('rejects many directives (over 20): 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await send('directives', { query: `{ ${'apiVersion @include(if: true) '.repeat(30)} }` });
    expect(res.status).toBe(400);
    expect(res.json?.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'directives' } });
    expectClear('directives', res);
  });

  it('rejects a costly query (nested pages): 400 GRAPHQL_VALIDATION_FAILED, while one full page of 500 passes', async () => {
    const nested = '{ units(first: 500) { edges { node { id asRegion { units(first: 500) { edges { node { id name } } } } } } } }';
    const res = await send('cost', { query: nested });
    expect(res.status).toBe(400);
    expect(res.json?.errors?.[0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost' } });
    expectClear('cost', res);
    const page = await send('one full page', {
      query: '{ units(first: 500) { totalCount edges { cursor node { id name kind side provenance pinyin initials region { code name } source { id } } } } }',
    });
    expect(page.json?.errors).toBeUndefined();
    expect((page.json?.data?.units as { edges: unknown[] }).edges.length).toBeGreaterThan(100);
  });

  it('turns off introspection and field suggestions in production', async () => {
    const intro = await send('introspection', { query: '{ __schema { types { name } } }' });
    expect(intro.status).toBe(400);
    expect(intro.json?.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const typo = await send('typo', { query: '{ unitz(first: 1) { totalCount } }' });
    expect(typo.json?.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expectClear('typo', typo);
  });
});

describe('unknown ids and page sizes', () => {
  const cases: [string, string][] = [
    ['unit', '{ unit(id: "NO-SUCH-UNIT") { id } }'],
    ['region', '{ region(code: "999999999999") { code } }'],
    ['counterparts', '{ counterparts(unitId: "NO-SUCH-UNIT") { side } }'],
    ['coverage', '{ coverage(county: "999999") { countyCode } }'],
    ['unpairedVillages', '{ unpairedVillages(county: "150921", township: "150921999") { code } }'],
    ['suggestPartners', '{ suggestPartners(unitId: "NO-SUCH-UNIT") { score } }'],
    ['connection', '{ connection(fromId: "NO-SUCH-UNIT", toId: "ALSO-NOTHING") { hops } }'],
    ['cooperation', '{ cooperation(id: "nothing") { id } }'],
    ['entity', '{ entity(id: "nothing") { id } }'],
    ['summary', '{ summary(sourceId: "nothing") { figureCount } }'],
    ['timeline', '{ timeline(county: "999999") { year } }'],
    ['graph center', '{ graph(centerId: "NO-SUCH-UNIT") { truncated } }'],
    ['graph region', '{ graph(region: "999999999999") { truncated } }'],
    ['units first 501', '{ units(first: 501) { totalCount } }'],
    ['units first 0', '{ units(first: 0) { totalCount } }'],
    ['units first -1', '{ units(first: -1) { totalCount } }'],
    ['units first 2^31-1', '{ units(first: 2147483647) { totalCount } }'],
    ['units first 2^31 (not an Int)', '{ units(first: 2147483648) { totalCount } }'],
    ['pairings first 100000', '{ pairings(first: 100000) { totalCount } }'],
    ['search first 101', '{ search(text: "卓资", first: 101) { score } }'],
    ['suggestPartners first 1000', '{ suggestPartners(unitId: "150921212210", first: 1000) { score } }'],
    ['graph limit 10^9', '{ graph(limit: 1000000000) { truncated } }'],
    ['graph depth 99', '{ graph(centerId: "150921212210", depth: 99) { truncated } }'],
    ['connection maxHops 99', '{ connection(fromId: "150921212210", toId: "110105000000", maxHops: 99) { hops } }'],
    ['a bad cursor', '{ units(first: 5, after: "not-a-cursor") { totalCount } }'],
    ['a bad date', '{ counterparts(unitId: "150921212210", activeOn: "2024-02-30") { side } }'],
    ['an unknown operation name', '{ __typename }'],
  ];
  it.each(cases)('%s: a clear error or a normal answer', async (label, query) => {
    const body = label === 'an unknown operation name' ? { query, operationName: 'Nope' } : { query };
    const res = await send(label, body);
    expectClear(label, res);
  });

  it('says NOT_FOUND or null for unknown ids, and BAD_USER_INPUT naming `first` for oversized pages', async () => {
    const unit = await send('unit null', { query: '{ unit(id: "NO-SUCH-UNIT") { id } }' });
    expect(unit.json?.data).toEqual({ unit: null });
    const counterparts = await send('counterparts 404', { query: '{ counterparts(unitId: "NO-SUCH-UNIT") { side } }' });
    expect(counterparts.json?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const page = await send('first 501', { query: '{ units(first: 501) { totalCount } }' });
    expect(page.json?.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

/** The selection of a type for the corpus: its scalar fields and, `depth` levels down, those of its objects. */
function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (isUnionType(named)) return '{ __typename }';
  if (!isObjectType(named) && !isInterfaceType(named)) return '{ __typename }';
  const parts = ['__typename'];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const inner = getNamedType(field.type);
    if (isScalarType(inner) || isEnumType(inner)) parts.push(field.name);
    else if (depth > 0) parts.push(`${field.name} ${selectionOf(field.type, depth - 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function isText(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isScalarType(named) && (named.name === 'String' || named.name === 'ID' || named.name === 'Date');
}

/** A value that puts `evil` at every text position of an argument: itself, in a list, or in each text field of an input object. */
function evilValuesOf(type: GraphQLInputType, evil: string): unknown[] {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return evilValuesOf(inner.ofType as GraphQLInputType, evil).map((v) => [v]);
  if (isText(inner)) return [evil];
  if (isInputObjectType(inner)) {
    const values: unknown[] = [];
    for (const field of Object.values(inner.getFields())) for (const v of evilValuesOf(field.type, evil)) values.push({ [field.name]: v });
    return values;
  }
  return [];
}

function validValueOf(arg: GraphQLArgument): unknown {
  if (arg.name in VALID) return VALID[arg.name];
  const named = getNamedType(arg.type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isScalarType(named) && named.name === 'Int') return 1;
  if (isScalarType(named) && named.name === 'Boolean') return true;
  return '150921212210';
}

describe('Cypher-looking strings in every string argument of every query field', () => {
  const schema: GraphQLSchema = buildSchema(loadTypeDefs().join('\n'));
  const cases: { label: string; query: string; variables: Record<string, unknown> }[] = [];
  for (const field of Object.values(schema.getQueryType()!.getFields())) {
    const declared = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const query = `query Corpus${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selectionOf(field.type, 2)} }`;
    for (const target of field.args) {
      for (const [i, evil] of EVIL.entries()) {
        for (const [j, value] of evilValuesOf(target.type, evil).entries()) {
          const variables: Record<string, unknown> = {};
          for (const a of field.args) if (isNonNullType(a.type) && a !== target) variables[a.name] = validValueOf(a);
          variables[target.name] = value;
          cases.push({ label: `${field.name}(${target.name}) #${i}.${j}`, query, variables });
        }
      }
    }
  }

  it('covers every query field that takes a string', () => {
    const fields = new Set(cases.map((c) => c.label.split('(')[0]));
    for (const name of ['unit', 'units', 'region', 'counterparts', 'pairings', 'search', 'summary', 'cooperation', 'entity', 'unpairedVillages', 'coverage', 'suggestPartners', 'connection', 'timeline', 'graph']) {
      expect(fields).toContain(name);
    }
    expect(cases.length).toBeGreaterThan(500);
  });

  it('answers each with a clear error or a normal answer', async () => {
    const problems: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const res = await send(c.label, { query: c.query, variables: c.variables });
        for (const p of problemsOf(res)) problems.push(`${c.label} ${JSON.stringify(c.variables).slice(0, 120)}: ${p}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(problems).toEqual([]);
  }, 180_000);

  it('passes the benign values through the limits (so the corpus reaches the resolvers)', async () => {
    for (const field of Object.values(schema.getQueryType()!.getFields())) {
      const sample = cases.find((c) => c.label.startsWith(`${field.name}(`));
      if (!sample) continue;
      const variables = Object.fromEntries(field.args.filter((a) => isNonNullType(a.type)).map((a) => [a.name, validValueOf(a)]));
      const res = await send(`${field.name} benign`, { query: sample.query, variables });
      expect({ field: field.name, codes: (res.json?.errors ?? []).map((e) => e.extensions?.code) }).not.toEqual(
        expect.objectContaining({ codes: expect.arrayContaining(['GRAPHQL_VALIDATION_FAILED']) }),
      );
    }
  });
});

describe('the export endpoint with the same strings', () => {
  it('answers 200, 400 or 404 with a JSON code, never 500', async () => {
    const problems: string[] = [];
    for (const evil of EVIL.slice(0, 12)) {
      for (const key of ['centerId', 'region', 'kinds', 'provenance', 'activeOn', 'limit', 'depth']) {
        const res = await reply(await fetch(`${h.url}/export/graph.json?${key}=${encodeURIComponent(evil)}`));
        if (res.status >= 500) problems.push(`${key}=${evil}: HTTP ${res.status}`);
        if (res.status !== 200 && !res.json?.error?.code) problems.push(`${key}=${evil}: HTTP ${res.status} without a code`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('afterwards', () => {
  it('never answered 500 and left the database unchanged', async () => {
    expect(answers.length).toBeGreaterThan(500);
    expect(answers.filter((a) => a.res.status >= 500).map((a) => a.label)).toEqual([]);
    const after = await fingerprint(h.driver);
    expect(after).toEqual(before);
    expect(after.nodes).toBeGreaterThan(500);
  });
});
