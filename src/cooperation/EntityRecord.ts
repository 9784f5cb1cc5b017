import type { EntityLabelValue, ProvenanceValue } from '../domain/vocabulary';

/** A key and its value as text. */
export interface PropertyRecord {
  key: string;
  value: string;
}

/** An entity as stored: the mapper of the GraphQL `Entity` type. */
export interface EntityRecord {
  id: string;
  label: EntityLabelValue;
  kind: string | null;
  name: string;
  nameEn: string | null;
  properties: PropertyRecord[];
  provenance: ProvenanceValue;
  source: string | null;
  /** A person's contact details; null for other entities and when none are recorded. Planners only. */
  contact: ContactRecord | null;
}

/** Contact details of a person: the mapper of the GraphQL `Contact` type. */
export interface ContactRecord {
  phone: string | null;
  email: string | null;
  note: string | null;
}

/** A link of an entity: the mapper of the GraphQL `Relation` type. */
export interface RelationRecord {
  type: string;
  direction: 'OUT' | 'IN';
  otherId: string;
  otherName: string;
  properties: PropertyRecord[];
  provenance: ProvenanceValue;
}

/** A cooperation: the mapper of the GraphQL `Cooperation` type. */
export interface CooperationRecord {
  id: string;
  name: string;
  supportingCode: string;
  supportedCode: string;
  sinceYear: number | null;
}
