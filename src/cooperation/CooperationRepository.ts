import type { ManagedTransaction } from 'neo4j-driver';
import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import { ENTITY_LABELS, ENTITY_RELATIONSHIP_TYPES, type EntityLabelValue } from '../domain/vocabulary';
import type { Caller } from '../auth/Caller';
import { writeChanges } from '../audit/writeChanges';
import type { ContactRecord, CooperationRecord, EntityRecord, RelationRecord } from './EntityRecord';

const COOPERATIONS = `
  MATCH (c:Cooperation)-[:SUPPORTING_SIDE]->(a:Region), (c)-[:SUPPORTED_SIDE]->(b:Region)
  WHERE $id IS NULL OR c.id = $id
  RETURN c { .id, .name, supportingCode: a.id, supportedCode: b.id, sinceYear: toInteger(c.p_since) } AS row
  ORDER BY c.id`;

const ENTITY_FIELDS = `.id, .kind, .name, .nameEn, .provenance, .source,
  label: [l IN labels(e) WHERE l IN $entityLabels][0],
  properties: [k IN coalesce(e.propertyKeys, []) | {key: k, value: toString(e['p_' + k])}],
  contact: CASE WHEN e:Person AND coalesce(e.contactPhone, e.contactEmail, e.contactNote) IS NOT NULL
    THEN {phone: e.contactPhone, email: e.contactEmail, note: e.contactNote} END`;

const CONTACT_OF = `
  MATCH (e:Person {id: $id})
  RETURN {phone: e.contactPhone, email: e.contactEmail, note: e.contactNote} AS contact`;

const SET_CONTACT = `
  MATCH (e:Person {id: $id})
  SET e += $props
  RETURN e { ${ENTITY_FIELDS} } AS row`;

const ENTITIES_OF = `
  UNWIND $ids AS cid
  OPTIONAL MATCH (e:Entity)-[:IN_COOPERATION]->(:Cooperation {id: cid})
  WHERE $labels IS NULL OR any(l IN labels(e) WHERE l IN $labels)
  WITH cid, e ORDER BY e.id
  RETURN cid, collect(e { ${ENTITY_FIELDS} }) AS rows`;

const ENTITY_BY_IDS = `
  UNWIND $ids AS id
  MATCH (e:Entity {id: id})
  RETURN e { ${ENTITY_FIELDS} } AS row`;

const RELATIONS_OF = `
  UNWIND $ids AS id
  MATCH (e:Node {id: id})-[r]-(o:Node)
  WHERE type(r) IN $types
  WITH id, r, o, CASE WHEN startNode(r) = o THEN 'IN' ELSE 'OUT' END AS direction
  ORDER BY type(r), direction, o.id
  RETURN id, collect({type: type(r), direction: direction, otherId: o.id, otherName: coalesce(o.name, o.title, o.label, o.id),
    provenance: r.provenance,
    properties: [k IN keys(r) WHERE NOT k IN ['provenance', 'source'] | {key: k, value: toString(r[k])}]}) AS rows`;

/** Returns the cooperation with `id` as `tx` sees it (inside the write that created it), or null. */
export async function findCooperationIn(tx: ManagedTransaction, id: string): Promise<CooperationRecord | null> {
  const result = await tx.run(COOPERATIONS, { id });
  return result.records.length ? (toPlain(result.records[0].get('row')) as unknown as CooperationRecord) : null;
}

/** Reads cooperations and their entities. */
export class CooperationRepository {
  constructor(private readonly db: Database) {}

  /** Returns every cooperation, or only the one with `id`, ordered by id; one round trip. */
  async cooperations(id: string | null): Promise<CooperationRecord[]> {
    const result = await this.db.read((tx) => tx.run(COOPERATIONS, { id }));
    return result.records.map((r) => toPlain(r.get('row')) as unknown as CooperationRecord);
  }

  /** Returns, for each cooperation id in order, its entities (only `labels` when given); one round trip. */
  async entitiesOf(ids: readonly string[], labels: EntityLabelValue[] | null): Promise<EntityRecord[][]> {
    const result = await this.db.read((tx) => tx.run(ENTITIES_OF, { ids, labels, entityLabels: ENTITY_LABELS }));
    const byId = new Map(result.records.map((r) => [r.get('cid') as string, toPlain(r.get('rows')) as unknown as EntityRecord[]]));
    return ids.map((id) => byId.get(id) ?? []);
  }

  /** Returns the entities with these ids (unknown ids absent); one round trip. */
  async entitiesByIds(ids: readonly string[]): Promise<EntityRecord[]> {
    const result = await this.db.read((tx) => tx.run(ENTITY_BY_IDS, { ids, entityLabels: ENTITY_LABELS }));
    return result.records.map((r) => toPlain(r.get('row')) as unknown as EntityRecord);
  }

  /** Returns, for each node id in order, its entity links; one round trip. */
  async relationsOf(ids: readonly string[]): Promise<RelationRecord[][]> {
    const result = await this.db.read((tx) => tx.run(RELATIONS_OF, { ids, types: ENTITY_RELATIONSHIP_TYPES }));
    const byId = new Map(result.records.map((r) => [r.get('id') as string, toPlain(r.get('rows')) as unknown as RelationRecord[]]));
    return ids.map((id) => byId.get(id) ?? []);
  }

  /**
   * Sets the given contact fields of a person (null clears one) and records the change in the audit trail,
   * in one transaction; returns the entity after, or null when no person has `id`.
   */
  async setContact(id: string, contact: Partial<ContactRecord>, caller: Caller): Promise<EntityRecord | null> {
    if (!caller.subject) throw new Error('invariant: a change without an authenticated caller');
    const actor = caller.subject;
    return this.db.write(async (tx) => {
      const found = await tx.run(CONTACT_OF, { id });
      if (!found.records.length) return null;
      const before = toPlain(found.records[0].get('contact')) as unknown as ContactRecord;
      const fields = (['phone', 'email', 'note'] as const).filter((f) => contact[f] !== undefined && (contact[f] ?? null) !== (before[f] ?? null));
      const props = Object.fromEntries(fields.map((f) => [`contact${f[0].toUpperCase()}${f.slice(1)}`, contact[f] ?? null]));
      const result = await tx.run(SET_CONTACT, { id, props, entityLabels: ENTITY_LABELS });
      if (fields.length) {
        const pickOf = (from: Partial<ContactRecord>) => Object.fromEntries(fields.map((f) => [`contact.${f}`, from[f] ?? null]));
        await writeChanges(tx, [{ targetType: 'Person', targetId: id, action: 'UPDATE', fields: fields.map((f) => `contact.${f}`), before: pickOf(before), after: pickOf(contact) }], {
          actor,
          role: caller.role,
          operation: 'setContact',
          at: new Date(),
          source: null,
        });
      }
      return toPlain(result.records[0].get('row')) as unknown as EntityRecord;
    });
  }
}
