import type { Driver } from 'neo4j-driver';
import { cypher } from '../support/testDatabase';

/**
 * The graph selection computed independently of src/graph: the raw units, pairings and location links
 * read with plain Cypher, and the selection rules of the schema (`graph`) applied in JavaScript.
 */

export interface OracleSelection {
  centerId?: string | null;
  depth?: number;
  region?: string | null;
  kinds?: string[] | null;
  provenance?: string[] | null;
  activeOn: string;
  limit?: number | null;
}

export interface OracleNode {
  id: string;
  label: string;
  kind: string;
  side: string | null;
  region: string | null;
  demonstration: boolean | null;
  paired: boolean;
  provenance: string;
}

export interface OracleEdge {
  id: string;
  source: string;
  target: string;
  type: 'PAIRING' | 'PART_OF' | 'LOCATED_IN';
  kind: string | null;
  sector: string | null;
  since: string | null;
  until: string | null;
  status: string | null;
  provenance: string;
  activityCount: number | null;
  lastActivity: string | null;
}

interface RawUnit {
  id: string;
  /** The name to show: a division's short name where it has one, as the exports label it. */
  name: string;
  kind: string;
  side: string | null;
  level: string | null;
  demonstration: boolean | null;
  provenance: string;
}

interface RawPairing {
  id: string;
  supporter: string[];
  supported: string[];
  kind: string;
  sector: string | null;
  since: string | null;
  until: string | null;
  status: string | null;
  provenance: string;
  activityCount: number;
  lastActivity: string | null;
}

interface RawLink {
  child: string;
  type: 'PART_OF' | 'LOCATED_IN';
  parent: string;
  childIsUnit: boolean;
  parentIsUnit: boolean;
  parentIsRegion: boolean;
  provenance: string;
}

const PAIRABLE_LEVELS = new Set(['TOWNSHIP', 'VILLAGE']);

export class GraphOracle {
  private readonly units = new Map<string, RawUnit>();
  /** Location links by child and by parent, over any nodes (a region's descendants may pass other nodes). */
  private readonly up = new Map<string, RawLink[]>();
  private readonly down = new Map<string, RawLink[]>();
  private readonly pairingsOf = new Map<string, RawPairing[]>();

  private constructor(
    units: RawUnit[],
    readonly pairings: RawPairing[],
    readonly links: RawLink[],
  ) {
    for (const u of units) this.units.set(u.id, u);
    for (const l of links) {
      push(this.up, l.child, l);
      push(this.down, l.parent, l);
    }
    for (const p of pairings) for (const id of new Set([...p.supporter, ...p.supported])) push(this.pairingsOf, id, p);
  }

  /** Reads the raw graph with plain Cypher. */
  static async load(driver: Driver): Promise<GraphOracle> {
    const units = await cypher<RawUnit>(
      driver,
      `MATCH (u:Unit) WHERE u.id IS NOT NULL
       RETURN u.id AS id, coalesce(u.shortName, u.name) AS name, u.kind AS kind, u.side AS side, u.level AS level, u.demonstration AS demonstration, u.provenance AS provenance`,
    );
    const pairings = await cypher<RawPairing>(
      driver,
      `MATCH (p:Pairing)
       RETURN p.id AS id, [(p)-[:SUPPORTER]->(s:Unit) | s.id] AS supporter, [(p)-[:SUPPORTED]->(t:Unit) | t.id] AS supported,
              p.kind AS kind, p.sector AS sector, toString(p.since) AS since, toString(p.until) AS until, p.status AS status, p.provenance AS provenance,
              size([(p)<-[:ACTIVITY_OF]-(a:Activity) | a]) AS activityCount,
              reduce(last = null, d IN [(p)<-[:ACTIVITY_OF]-(a:Activity) | toString(a.date)] | CASE WHEN last IS NULL OR d > last THEN d ELSE last END) AS lastActivity`,
    );
    const links = await cypher<RawLink>(
      driver,
      `MATCH (c)-[l:PART_OF|LOCATED_IN]->(par)
       RETURN c.id AS child, type(l) AS type, par.id AS parent, c:Unit AS childIsUnit, par:Unit AS parentIsUnit, par:Region AS parentIsRegion,
              l.provenance AS provenance`,
    );
    return new GraphOracle(units, pairings, links);
  }

  has(id: string): boolean {
    return this.units.has(id);
  }

  private pairable(id: string): boolean {
    const u = this.units.get(id);
    return !!u && (u.level === null || PAIRABLE_LEVELS.has(u.level));
  }

  private static active(p: RawPairing, on: string): boolean {
    return (p.since === null || p.since <= on) && (p.until === null || p.until >= on);
  }

  private pairingOk(p: RawPairing, sel: OracleSelection): boolean {
    return (!sel.kinds || sel.kinds.includes(p.kind)) && provenanceOk(p.provenance, sel) && GraphOracle.active(p, sel.activeOn);
  }

  private nodeOk(id: string, sel: OracleSelection): boolean {
    return this.pairable(id) && provenanceOk(this.units.get(id)!.provenance, sel);
  }

  /** The partners of `id` through pairings that pass the selection. */
  private partners(id: string, sel: OracleSelection): string[] {
    const out: string[] = [];
    for (const p of this.pairingsOf.get(id) ?? []) {
      if (!this.pairingOk(p, sel)) continue;
      for (const n of [...p.supporter, ...p.supported]) if (n !== id) out.push(n);
    }
    return out;
  }

  /** Units one step from `id`: a pairing partner, a parent or a child division (through a link of an allowed provenance). */
  private neighbours(id: string, sel: OracleSelection): string[] {
    const out = this.partners(id, sel);
    for (const l of this.up.get(id) ?? []) if (l.parentIsUnit && provenanceOk(l.provenance, sel)) out.push(l.parent);
    for (const l of this.down.get(id) ?? []) if (l.childIsUnit && provenanceOk(l.provenance, sel)) out.push(l.child);
    return out.filter((n) => this.nodeOk(n, sel));
  }

  /** The selected node ids, in the order the API gives them, before the limit; undefined for an unknown center. */
  selectionIds(sel: OracleSelection): string[] {
    if (sel.centerId) {
      const ids = [sel.centerId];
      const seen = new Set(ids);
      let frontier = [sel.centerId];
      for (let step = 0; step < (sel.depth ?? 1) && frontier.length; step++) {
        const next = new Set<string>();
        for (const id of frontier) for (const n of this.neighbours(id, sel)) if (!seen.has(n)) next.add(n);
        frontier = [...next].sort(byCode);
        for (const id of frontier) seen.add(id);
        ids.push(...frontier);
      }
      return ids;
    }
    if (sel.region) {
      const below = new Set<string>([sel.region]);
      let frontier = [sel.region];
      for (let hop = 0; hop < 6; hop++) {
        const next: string[] = [];
        for (const id of frontier) for (const l of this.down.get(id) ?? []) if (!below.has(l.child)) next.push(l.child);
        for (const id of next) below.add(id);
        frontier = next;
      }
      const chosen = new Set<string>();
      for (const id of below) {
        if (!this.units.has(id)) continue;
        chosen.add(id);
        for (const n of this.partners(id, sel)) chosen.add(n);
      }
      return [...chosen].filter((id) => this.nodeOk(id, sel)).sort(byCode);
    }
    return [...this.units.keys()].filter((id) => this.nodeOk(id, sel)).sort(byCode);
  }

  /** The whole answer of `graph` for `sel`: nodes, edges (pairings, then location links, each by id) and truncated. */
  graph(sel: OracleSelection): { nodes: OracleNode[]; edges: OracleEdge[]; truncated: boolean } {
    const all = this.selectionIds(sel);
    const limit = sel.limit ?? Infinity;
    const ids = all.slice(0, limit);
    return { nodes: ids.map((id) => this.node(id, sel.activeOn)), edges: this.edgesAmong(ids, sel), truncated: all.length > limit };
  }

  /** The edges whose two ends are among `ids`. */
  edgesAmong(ids: readonly string[], sel: OracleSelection): OracleEdge[] {
    const set = new Set(ids);
    const pairings: OracleEdge[] = [];
    for (const p of this.pairings) {
      if (!this.pairingOk(p, sel)) continue;
      for (const s of p.supporter)
        for (const t of p.supported)
          if (set.has(s) && set.has(t))
            pairings.push({ id: p.id, source: s, target: t, type: 'PAIRING', kind: p.kind, sector: p.sector, since: p.since, until: p.until, status: p.status, provenance: p.provenance, activityCount: p.activityCount, lastActivity: p.lastActivity });
    }
    const links: OracleEdge[] = this.links
      .filter((l) => l.childIsUnit && l.parentIsUnit && set.has(l.child) && set.has(l.parent) && provenanceOk(l.provenance, sel))
      .map((l) => ({ id: `${l.child}|${l.type}|${l.parent}`, source: l.child, target: l.parent, type: l.type, kind: null, sector: null, since: null, until: null, status: null, provenance: l.provenance, activityCount: null, lastActivity: null }));
    return [...pairings.sort((a, b) => byCode(a.id, b.id)), ...links.sort((a, b) => byCode(a.id, b.id))];
  }

  /** A node as the API describes it. */
  node(id: string, activeOn: string): OracleNode {
    const u = this.units.get(id)!;
    const ups = this.up.get(id) ?? [];
    const region = ups.find((l) => l.type === 'PART_OF' && l.parentIsRegion)?.parent ?? ups.find((l) => l.type === 'LOCATED_IN' && l.parentIsRegion)?.parent ?? null;
    return {
      id,
      label: u.name,
      kind: u.kind,
      side: u.side,
      region,
      demonstration: u.demonstration,
      paired: (this.pairingsOf.get(id) ?? []).some((p) => GraphOracle.active(p, activeOn)),
      provenance: u.provenance,
    };
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function provenanceOk(provenance: string, sel: OracleSelection): boolean {
  return !sel.provenance || sel.provenance.includes(provenance);
}

/** Orders ids as Cypher orders strings (they are ASCII here). */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
