/** What a change did (the GraphQL `ChangeAction`). */
export type ChangeActionValue = 'CREATE' | 'UPDATE' | 'REPLACE' | 'UNCHANGED' | 'DELETE';

/** A change as stored: the mapper of the GraphQL `Change` type. */
export interface ChangeRecord {
  id: string;
  /** ISO 8601 in UTC. */
  at: string;
  actor: string;
  role: string | null;
  operation: string;
  targetType: string;
  targetId: string;
  action: ChangeActionValue;
  /** Changed fields, in order. */
  fieldNames: string[];
  /** JSON text of a map field → value before (null for a new record). */
  before: string | null;
  /** JSON text of a map field → value after (null for a removed record). */
  after: string | null;
  source: string | null;
}

/** One field of a change: the mapper of the GraphQL `FieldChange` type. */
export interface FieldChangeRecord {
  field: string;
  before: string | null;
  after: string | null;
}
