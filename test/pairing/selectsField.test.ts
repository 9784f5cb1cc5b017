import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { selectsField } from '../../src/graphql/selectsField';

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
