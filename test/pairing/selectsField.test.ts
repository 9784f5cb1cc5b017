import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { selectsField } from '../../src/graphql/selectsField';

/** `selectsField` sees a field selected directly, through an inline fragment or a named one, and nothing else. */

const schema = buildSchema('type Page { totalCount: Int, items: [Int] } type Query { page: Page }');

async function seen(document: string): Promise<boolean> {
  let found: boolean | undefined;
  await execute({
    schema,
    document: parse(document),
    rootValue: {
      page: (_: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        found = selectsField(info, 'totalCount');
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
  ['not at all', '{ page { items } }', false],
  ['in a fragment spread twice, not selected', '{ page { ...F ...F } } fragment F on Page { items }', false],
])('%s', async (_, doc, expected) => {
  expect(await seen(doc)).toBe(expected);
});
