import { badUserInput } from './errors';

/** Returns the opaque cursor for an id. */
export function encodeCursor(id: string): string {
  return Buffer.from(`id:${id}`, 'utf8').toString('base64url');
}

/** Returns the id inside a cursor, or null for no cursor; throws BAD_USER_INPUT naming `after` for a malformed one. */
export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith('id:') || encodeCursor(text.slice(3)) !== cursor) throw badUserInput('after', 'not a cursor returned by this API', cursor);
  return text.slice(3);
}

/** A page of records as the repositories return it. */
export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  totalCount: number;
}

/**
 * Returns the page of `rows` read one past `first` (so that the extra row tells whether a next page exists),
 * with `total`, or -1 when it was not counted (the resolver asks for the count exactly when the client
 * selects `totalCount`, so -1 is never sent). Never throws.
 */
export function pageOf<T>(rows: T[], total: number | null, first: number): Page<T> {
  return { items: rows.slice(0, first), hasNextPage: rows.length > first, totalCount: total ?? -1 };
}

/** Returns a Relay connection for a page of records with ids. */
export function toConnection<T extends { id: string }>(page: Page<T>) {
  const edges = page.items.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount: page.totalCount,
  };
}
