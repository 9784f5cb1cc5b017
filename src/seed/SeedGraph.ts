/** A node to write: its labels (from the loader's whitelist), stable id and properties. */
export interface SeedNode {
  labels: string[];
  id: string;
  props: Record<string, string | number | boolean | null | string[] | number[]>;
}

/** A relationship to write between two nodes given by id. */
export interface SeedRelationship {
  type: string;
  from: string;
  to: string;
  props: Record<string, string | number | boolean | null>;
}

/** Properties the seed sets on a division that the national list loaded (a village's demonstration flag). */
export interface SeedRegionFlags {
  id: string;
  props: Record<string, string | boolean | null>;
}

/** Everything the seed writes. */
export interface SeedGraph {
  nodes: SeedNode[];
  relationships: SeedRelationship[];
  /** Set on divisions that must already exist; absent in graphs of new nodes only (synth). */
  regionFlags?: SeedRegionFlags[];
}
