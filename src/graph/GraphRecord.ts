import type { PairingKindValue, PairingStatusValue, ProvenanceValue, SectorValue, SideValue, UnitKindValue } from '../domain/vocabulary';

/** A node of the graph: the mapper of `GraphNode`, and what every export writes. */
export interface GraphNodeRecord {
  id: string;
  label: string;
  kind: UnitKindValue;
  side: SideValue | null;
  region: string | null;
  demonstration: boolean | null;
  paired: boolean;
  provenance: ProvenanceValue;
}

/** An edge of the graph: the mapper of `GraphEdge`. */
export interface GraphEdgeRecord {
  id: string;
  source: string;
  target: string;
  type: 'PAIRING' | 'PART_OF' | 'LOCATED_IN';
  kind: PairingKindValue | null;
  sector: SectorValue | null;
  since: string | null;
  until: string | null;
  status: PairingStatusValue | null;
  provenance: ProvenanceValue;
  /** How many activities the pairing's ledger holds; null for location links (and when not asked for). */
  activityCount: number | null;
  /** `YYYY-MM-DD` of the pairing's last activity; null when it has none, and for location links. */
  lastActivity: string | null;
}

/** The mapper of `Graph`. */
export interface GraphRecord {
  nodes: GraphNodeRecord[];
  edges: GraphEdgeRecord[];
  truncated: boolean;
}

/** Which part of the graph to take; the same for `graph` and every export. */
export interface GraphSelection {
  centerId: string | null;
  depth: number;
  region: string | null;
  kinds: PairingKindValue[] | null;
  provenance: ProvenanceValue[] | null;
  /** `YYYY-MM-DD`: pairings active on this day. */
  activeOn: string;
  /** Most nodes; null for no limit (exports only). */
  limit: number | null;
}
