/** A source as stored: the mapper of the GraphQL `Source` type. */
export interface SourceRecord {
  id: string;
  title: string | null;
  publisher: string | null;
  author: string | null;
  published: string | null;
  kind: string;
}

/** Returns the Cypher map projection of a source bound to `v` as a {@link SourceRecord}. */
export function sourceProjection(v: string): string {
  return `${v} { .id, .title, .publisher, .author, .published, .kind }`;
}
