import type { UnitRecordKey } from './UnitRecord';

/**
 * The stored fields each field of the GraphQL `Unit` type reads from its record (its resolver or the default
 * one). A field absent here (`asRegion`, which hands the whole record to `Region`) needs every field.
 */
const KEYS_OF_FIELD: Record<string, readonly UnitRecordKey[]> = {
  __typename: [],
  id: ['id'],
  name: ['name'],
  displayName: ['shortName', 'name'],
  kind: ['kind'],
  side: ['side'],
  region: ['regionCode'],
  demonstration: ['demonstration'],
  provenance: ['provenance'],
  demonstrationProvenance: ['demonstrationProvenance'],
  source: ['source'],
  pinyin: ['pinyin'],
  initials: ['initials'],
  counterparts: ['id'],
};

/**
 * Returns the stored fields that the selected fields of a `Unit` (their names, see selectedFieldNames) read,
 * or null when one of them needs the whole record. Never throws.
 */
export function unitKeysFor(fields: Iterable<string>): UnitRecordKey[] | null {
  const keys = new Set<UnitRecordKey>(['id']);
  for (const field of fields) {
    const needs = KEYS_OF_FIELD[field];
    if (!needs) return null;
    for (const k of needs) keys.add(k);
  }
  return [...keys];
}
