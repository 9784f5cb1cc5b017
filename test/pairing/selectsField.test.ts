import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { selectedFieldNames, selectsField, selectsFieldIn } from '../../src/graphql/selectsField';

/** `selectsField` sees a field (or a dotted path of fields) selected directly, through an inline fragment or a named one, and nothing else. */

const schema = buildSchema('type Item { n: Int, m: Int } type Page { totalCount: Int, items: [Item], other: [Item] } type Query { page: Page }');

async function seen(document: string, path = 'totalCount'): Promise<boolean> {
  let found: boolean | undefined;
  await execute({
    schema,
    document: parse(document),
    rootValue: {
      page: (_: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        found = selectsField(info, path);
        return { totalCount: 1, items: [] };
      },
    },
  });
  return found!;
}

it.each([
  ['directly', '{ page { totalCount } }', true],
  ['under an alias', '{ page { n: totalCount } }', true],
  ['in an inline fragment', '{ page { ... on Page { totalCount } } }', true],
  ['in a named fragment', '{ page { ...F } } fragment F on Page { items ...G } fragment G on Page { totalCount }', true],
  ['not at all', '{ page { items { n } } }', false],
  ['in a fragment spread twice, not selected', '{ page { ...F ...F } } fragment F on Page { items { n } }', false],
])('%s', async (_, doc, expected) => {
  expect(await seen(doc)).toBe(expected);
});

it.each([
  ['one level deeper, directly', '{ page { items { n } } }', true],
  ['one level deeper, in a second alias of the field', '{ page { a: items { m } b: items { n } } }', true],
  ['one level deeper, through fragments at both levels', '{ page { ...F } } fragment F on Page { items { ... on Item { ...G } } } fragment G on Item { n }', true],
  ['one level deeper, only a sibling', '{ page { items { m } } }', false],
  ['one level deeper, under another field', '{ page { other { n } items { m } } }', false],
  ['one level deeper, the parent not selected', '{ page { totalCount } }', false],
])('the path items.n %s', async (_, doc, expected) => {
  expect(await seen(doc, 'items.n')).toBe(expected);
});

describe('selectsFieldIn sees a field selected under a child field, through fragments at either level, and nothing else', () => {
  const graphSchema = buildSchema('type Edge { id: ID, activityCount: Int, lastActivity: String } type Graph { edges: [Edge], other: Edge } type Query { graph: Graph }');

  const seenIn = async (document: string) => {
    let found: boolean | undefined;
    await execute({
      schema: graphSchema,
      document: parse(document),
      rootValue: {
        graph: (_: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
          found = selectsFieldIn(info, 'edges', ['activityCount', 'lastActivity']);
          return {};
        },
      },
    });
    return found!;
  };

  it.each([
    ['directly', '{ graph { edges { id activityCount } } }', true],
    ['the other name', '{ graph { edges { lastActivity } } }', true],
    ['under aliases', '{ graph { e: edges { n: activityCount } } }', true],
    ['in a fragment on the child', '{ graph { edges { ...E } } } fragment E on Edge { activityCount }', true],
    ['in a fragment holding the child', '{ graph { ...G } } fragment G on Graph { edges { lastActivity } }', true],
    ['in an inline fragment', '{ graph { ... on Graph { edges { ... on Edge { activityCount } } } } }', true],
    ['not under the child', '{ graph { edges { id } } }', false],
    ['under another child only', '{ graph { edges { id } other { activityCount } } }', false],
  ])('%s', async (_, doc, expected) => {
    expect(await seenIn(doc)).toBe(expected);
  });
});

describe('selectedFieldNames lists the fields selected at a path, through fragments and aliases, in every selection of the path', () => {
  const namesAt = async (document: string, path: string) => {
    let names: string[] = [];
    await execute({
      schema,
      document: parse(document),
      rootValue: {
        page: (_: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
          names = [...selectedFieldNames(info, path)].sort();
          return { totalCount: 1, items: [] };
        },
      },
    });
    return names;
  };

  it.each([
    ['the field itself', '{ page { totalCount items { n } } }', '', ['items', 'totalCount']],
    ['one level down', '{ page { items { n } } }', 'items', ['n']],
    ['under aliases, from both selections', '{ page { a: items { x: n } b: items { m } } }', 'items', ['m', 'n']],
    ['through named and inline fragments at both levels', '{ page { ...F } } fragment F on Page { items { ... on Item { ...G } } } fragment G on Item { m __typename }', 'items', ['__typename', 'm']],
    ['a fragment spread twice', '{ page { items { ...G ...G } } } fragment G on Item { n }', 'items', ['n']],
    ['not under another field', '{ page { other { n } items { m } } }', 'items', ['m']],
    ['nothing when the path is not selected', '{ page { totalCount } }', 'items', []],
  ])('%s', async (_, doc, path, expected) => {
    expect(await namesAt(doc, path)).toEqual(expected);
  });
});
