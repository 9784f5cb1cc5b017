/** A source as stored: the mapper of the GraphQL `Source` type. */
export interface SourceRecord {
  id: string;
  title: string | null;
  publisher: string | null;
  author: string | null;
  published: string | null;
  kind: string;
}
