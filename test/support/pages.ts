import type { WireError } from './testServer';

/** One page of a Relay connection as the tests select it. */
export interface PageOf<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: N }[];
}

/**
 * Follows `after` cursors until the last page and returns every node in order, with the totalCount of
 * the first page and how many pages it took. Fails on any GraphQL error or a page that does not advance.
 */
export async function collectPages<N>(
  fetchPage: (after: string | null) => Promise<{ page: PageOf<N> | null | undefined; errors?: WireError[] }>,
): Promise<{ nodes: N[]; totalCount: number; pages: number }> {
  const nodes: N[] = [];
  let after: string | null = null;
  let totalCount = -1;
  let pages = 0;
  for (;;) {
    const { page, errors } = await fetchPage(after);
    if (errors?.length || !page) throw new Error(`page ${pages + 1} failed: ${JSON.stringify(errors)}`);
    pages += 1;
    if (totalCount < 0) totalCount = page.totalCount;
    nodes.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) return { nodes, totalCount, pages };
    if (!page.pageInfo.endCursor || page.pageInfo.endCursor === after) throw new Error(`page ${pages} does not advance`);
    if (pages > 1000) throw new Error('more than 1000 pages');
    after = page.pageInfo.endCursor;
  }
}
