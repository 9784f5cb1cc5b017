import { buildSchema, execute, parse, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { selectsField, selectsFieldIn } from '../../src/graphql/selectsField';

/** `selectsField` sees a field selected directly, through an inline fragment or a named one, and nothing else. */

const schema = buildSchema('type Page { totalCount: Int, items: [Int] } type Query { page: Page }');

/** Runs `document` against `on` and returns what `check` said of the root field `field`'s info. */
async function seenBy(on: GraphQLSchema, field: string, document: string, check: (info: GraphQLResolveInfo) => boolean): Promise<boolean> {
  let found: boolean | undefined;
  await execute({
    schema: on,
    document: parse(document),
    rootValue: {
      [field]: (_: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        found = check(info);
        return {};
      },
    },
  });
  return found!;
}

const seen = (document: string) => seenBy(schema, 'page', document, (info) => selectsField(info, 'totalCount'));

it.each([
  ['directly', '{ page { totalCount } }', true],
  ['under an alias', '{ page { n: totalCount } }', true],
  ['in an inline fragment', '{ page { ... on Page { totalCount } } }', true],
  ['in a named fragment', '{ page { ...F } } fragment F on Page { items ...G } fragment G on Page { totalCount }', true],
  ['not at all', '{ page { items } }', false],
  ['in a fragment spread twice, not selected', '{ page { ...F ...F } } fragment F on Page { items }', false],
])('%s', async (_, doc, expected) => {
  expect(await seen(doc)).toBe(expected);
});

describe('selectsFieldIn sees a field selected under a child field, through fragments at either level, and nothing else', () => {
  const graphSchema = buildSchema('type Edge { id: ID, activityCount: Int, lastActivity: String } type Graph { edges: [Edge], other: Edge } type Query { graph: Graph }');

  const seenIn = (document: string) => seenBy(graphSchema, 'graph', document, (info) => selectsFieldIn(info, 'edges', ['activityCount', 'lastActivity']));

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
