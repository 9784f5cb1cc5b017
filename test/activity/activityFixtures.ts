import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { cypher } from '../support/testDatabase';

/** The seed's cooperation that the report's figures are about. */
export const COOPERATION = 'cooperation-chaoyang-zhuozi';

/** Returns the id the README documents for an activity given without one, computed here on its own. */
export function naturalId(owner: string, date: string, form: string, measures: { unit: string; value: number }[]): string {
  const order = ['WAN_YUAN', 'PERSON_TIMES', 'PERSONS', 'SESSIONS', 'ITEMS'];
  const key = [...measures].sort((a, b) => order.indexOf(a.unit) - order.indexOf(b.unit)).map((m) => `${m.unit}=${m.value}`).join(';');
  return `act-${date.replace(/-/g, '')}-${createHash('sha256').update(`${owner}|${date}|${form}|${key}`).digest('hex').slice(0, 16)}`;
}

/**
 * Creates, beside the seed, a pairing `id` of the seed's cooperation between the two ends of the seed pairing
 * `like`, running from `since` to `until` (null: open), as an import would store it.
 */
export async function createPairing(driver: Driver, id: string, like: string, since: string | null, until: string | null): Promise<void> {
  await cypher(
    driver,
    `MATCH (s:Unit)<-[:SUPPORTER]-(q:Pairing {id: $like})-[:SUPPORTED]->(t:Unit), (c:Cooperation {id: $coop})
     CREATE (p:Node:Pairing {id: $id, kind: q.kind, sector: q.sector, provenance: 'IMPORTED', since: date($since), until: date($until)})
     CREATE (p)-[:SUPPORTER {provenance: 'IMPORTED'}]->(s), (p)-[:SUPPORTED {provenance: 'IMPORTED'}]->(t), (p)-[:IN_COOPERATION {provenance: 'IMPORTED'}]->(c)`,
    { id, like, since, until, coop: COOPERATION },
  );
}

/** Removes what a suite created: its pairings, the activities of `actors` and of those pairings, and the audit entries of `actors`. */
export async function cleanUp(driver: Driver, pairingIds: string[], actors: string[]): Promise<void> {
  await cypher(driver, 'MATCH (c:Change) WHERE c.actor IN $actors WITH c, c.targetId AS id OPTIONAL MATCH (a:Activity {id: id}) DETACH DELETE c, a', { actors });
  await cypher(driver, 'MATCH (p:Pairing) WHERE p.id IN $ids OPTIONAL MATCH (p)<-[:ACTIVITY_OF]-(a:Activity) DETACH DELETE a, p', { ids: pairingIds });
}
