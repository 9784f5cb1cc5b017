import type { Driver } from 'neo4j-driver';
import { cypher } from '../support/testDatabase';

/**
 * An independent oracle for the planner's answers: it reads the raw graph with plain Cypher
 * (nodes, parents, pairings, edges) and computes every answer in JavaScript, sharing no code
 * with src/planner.
 */

interface UnitRow {
  id: string;
  kind: string;
  side: string | null;
  level: string | null;
  demonstration: boolean | null;
  parent: string | null;
  name: string;
}

interface PairingRow {
  id: string;
  kind: string;
  sector: string;
  since: string | null;
  until: string | null;
  supporter: string;
  supported: string;
}

const SUPPORTED_KINDS: Record<string, string[]> = {
  SCHOOL_SCHOOL: ['SCHOOL'],
  HOSPITAL_HOSPITAL: ['HOSPITAL'],
  STREET_TOWNSHIP: ['TOWN', 'TOWNSHIP'],
  COMMUNITY_VILLAGE: ['VILLAGE', 'RELOCATION_ESTATE'],
  ENTERPRISE_VILLAGE: ['VILLAGE', 'RELOCATION_ESTATE'],
  SOCIAL_ORGANIZATION_VILLAGE: ['VILLAGE', 'RELOCATION_ESTATE'],
};
const SUPPORTING_KINDS: Record<string, string[]> = {
  SCHOOL_SCHOOL: ['SCHOOL'],
  HOSPITAL_HOSPITAL: ['HOSPITAL'],
  STREET_TOWNSHIP: ['STREET', 'AREA'],
  COMMUNITY_VILLAGE: ['VILLAGE_OR_COMMUNITY', 'COMMUNITY', 'VILLAGE'],
  ENTERPRISE_VILLAGE: ['ENTERPRISE'],
  SOCIAL_ORGANIZATION_VILLAGE: ['SOCIAL_ORGANIZATION'],
};
export const PAIRING_KIND_ORDER = Object.keys(SUPPORTED_KINDS);
const LEVEL_ORDER = ['PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP', 'VILLAGE'];
const depthOf = (level: string | null) => (level === null ? -1 : LEVEL_ORDER.indexOf(level));

/** The raw graph, read once. */
export class PlannerOracle {
  private constructor(
    readonly units: Map<string, UnitRow>,
    readonly pairings: PairingRow[],
    private readonly adjacency: Map<string, Set<string>>,
  ) {}

  /** Reads units, pairings and the path edges with plain Cypher. */
  static async load(driver: Driver): Promise<PlannerOracle> {
    const units = await cypher<UnitRow>(
      driver,
      `MATCH (u:Unit)
       OPTIONAL MATCH (u)-[:PART_OF]->(p:Region)
       OPTIONAL MATCH (u)-[:LOCATED_IN]->(l:Region)
       RETURN u.id AS id, u.kind AS kind, u.side AS side, u.level AS level, u.demonstration AS demonstration,
              u.name AS name, coalesce(p.id, l.id) AS parent`,
    );
    const pairings = await cypher<PairingRow>(
      driver,
      `MATCH (s:Unit)<-[:SUPPORTER]-(p:Pairing)-[:SUPPORTED]->(t:Unit)
       RETURN p.id AS id, p.kind AS kind, p.sector AS sector, toString(p.since) AS since, toString(p.until) AS until,
              s.id AS supporter, t.id AS supported`,
    );
    const edges = await cypher<{ a: string; b: string }>(
      driver,
      `MATCH (a)-[r:SUPPORTER|SUPPORTED|PART_OF|LOCATED_IN]->(b)
       WHERE (a:Unit OR a:Pairing) AND (b:Unit OR b:Pairing)
       RETURN a.id AS a, b.id AS b`,
    );
    const adjacency = new Map<string, Set<string>>();
    const add = (x: string, y: string) => adjacency.set(x, (adjacency.get(x) ?? new Set()).add(y));
    for (const e of edges) {
      add(e.a, e.b);
      add(e.b, e.a);
    }
    return new PlannerOracle(new Map(units.map((u) => [u.id, u])), pairings, adjacency);
  }

  active(p: PairingRow, on: string): boolean {
    return (p.since === null || p.since <= on) && (p.until === null || p.until >= on);
  }

  /** The unit's ancestors, nearest first. */
  ancestors(id: string): string[] {
    const out: string[] = [];
    let cur = this.units.get(id)?.parent ?? null;
    while (cur) {
      out.push(cur);
      cur = this.units.get(cur)?.parent ?? null;
    }
    return out;
  }

  within(id: string, region: string): boolean {
    return id === region || this.ancestors(id).includes(region);
  }

  countyOf(id: string): string | null {
    return [id, ...this.ancestors(id)].find((a) => this.units.get(a)?.level === 'COUNTY') ?? null;
  }

  townshipOf(id: string): string | null {
    return [id, ...this.ancestors(id)].find((a) => this.units.get(a)?.level === 'TOWNSHIP') ?? null;
  }

  villagesOf(county: string, township?: string | null): UnitRow[] {
    return [...this.units.values()]
      .filter((u) => u.kind === 'VILLAGE' && u.level === 'VILLAGE')
      .filter((u) => {
        const t = u.parent ? this.units.get(u.parent) : undefined;
        return t?.parent === county && (!township || t.id === township);
      });
  }

  activePartnersOf(id: string, on: string): { supporter: string; kind: string }[] {
    return this.pairings.filter((p) => p.supported === id && this.active(p, on)).map((p) => ({ supporter: p.supporter, kind: p.kind }));
  }

  /** Expected `unpairedVillages`, as sorted village ids. */
  unpaired(county: string, township: string | null, demonstrationOnly: boolean, on: string, supportingKinds: string[] | null): string[] {
    return this.lacking(this.villagesOf(county, township), demonstrationOnly, on, supportingKinds);
  }

  /** The ids, sorted, of the villages (demonstration villages only, when asked) with no active partner (of those kinds). */
  private lacking(villages: UnitRow[], demonstrationOnly: boolean, on: string, supportingKinds: string[] | null): string[] {
    return villages
      .filter((v) => !demonstrationOnly || v.demonstration === true)
      .filter((v) => {
        const partners = this.activePartnersOf(v.id, on);
        if (!supportingKinds) return partners.length === 0;
        return !partners.some((p) => supportingKinds.includes(this.units.get(p.supporter)!.kind));
      })
      .map((v) => v.id)
      .sort();
  }

  /** Expected township rows of `coverage`. */
  townshipCoverage(county: string, on: string) {
    const townships = [...this.units.values()].filter((u) => u.parent === county && u.level === 'TOWNSHIP').sort((a, b) => (a.id < b.id ? -1 : 1));
    return townships.map((t) => ({
      code: t.id,
      ...this.villageCounts(this.villagesOf(county, t.id), on),
      townshipPaired: this.activePartnersOf(t.id, on).length > 0,
    }));
  }

  /** Every village (村委会) at any depth within a region, the region itself included. */
  villagesIn(region: string): UnitRow[] {
    return [...this.units.values()].filter((u) => u.kind === 'VILLAGE' && u.level === 'VILLAGE' && this.within(u.id, region));
  }

  /** Expected `unpairedVillages(region: …)`, as sorted village ids. */
  unpairedIn(region: string, demonstrationOnly: boolean, on: string, supportingKinds: string[] | null): string[] {
    return this.lacking(this.villagesIn(region), demonstrationOnly, on, supportingKinds);
  }

  /** The village counts of a set of villages on a date. */
  private villageCounts(villages: UnitRow[], on: string) {
    const paired = villages.filter((v) => this.activePartnersOf(v.id, on).length > 0);
    const demo = villages.filter((v) => v.demonstration === true);
    const demoPaired = demo.filter((v) => this.activePartnersOf(v.id, on).length > 0);
    return {
      villages: villages.length,
      paired: paired.length,
      unpaired: villages.length - paired.length,
      demonstration: demo.length,
      demonstrationPaired: demoPaired.length,
      demonstrationUnpaired: demo.length - demoPaired.length,
    };
  }

  /**
   * Expected `children` of `coverage(region, by)`: by default the divisions whose parent is the region;
   * with `by`, the divisions of that level within it, and every division above that level with a child
   * below it (the level skipped there). Each entry counts the villages within it that are within no
   * other entry inside it, so that every village lands in exactly one entry.
   */
  regionChildren(region: string, by: string | null, on: string) {
    const divisions = [...this.units.values()].filter((u) => u.level !== null && this.within(u.id, region));
    const entries = divisions
      .filter((u) =>
        by === null
          ? u.parent === region
          : depthOf(u.level) === depthOf(by) ||
            (depthOf(u.level) < depthOf(by) && divisions.some((z) => z.parent === u.id && depthOf(z.level) > depthOf(by))),
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const villages = this.villagesIn(region);
    return entries.map((e) => {
      const inner = entries.filter((o) => o.id !== e.id && this.within(o.id, e.id));
      const mine = villages.filter((v) => this.within(v.id, e.id) && !inner.some((o) => this.within(v.id, o.id)));
      return {
        code: e.id,
        name: e.name,
        level: e.level,
        ...this.villageCounts(mine, on),
        regionPaired: this.activePartnersOf(e.id, on).length > 0,
      };
    });
  }

  /** Expected `total` of `coverage(region, by)`: every village within the region. */
  regionTotal(region: string, by: string | null, on: string) {
    const children = this.regionChildren(region, by, on);
    return {
      code: region,
      name: this.units.get(region)!.name,
      ...this.villageCounts(this.villagesIn(region), on),
      townshipPaired: children.length > 0 && children.every((c) => c.regionPaired),
    };
  }

  /** Expected kind rows of `coverage`. */
  kindCoverage(county: string, on: string) {
    const inCounty = [...this.units.values()].filter((u) => this.within(u.id, county));
    const intoCounty = this.pairings.filter((p) => this.within(p.supported, county) && this.active(p, on));
    return PAIRING_KIND_ORDER.map((kind) => {
      const eligible = inCounty.filter((u) => SUPPORTED_KINDS[kind].includes(u.kind));
      const hasKind = (u: UnitRow) => intoCounty.some((p) => p.supported === u.id && p.kind === kind);
      const demo = eligible.filter((u) => u.demonstration === true);
      const ofKind = intoCounty.filter((p) => p.kind === kind);
      return {
        kind,
        units: eligible.length,
        paired: eligible.filter(hasKind).length,
        unpaired: eligible.length - eligible.filter(hasKind).length,
        demonstrationPaired: demo.filter(hasKind).length,
        demonstrationUnpaired: demo.length - demo.filter(hasKind).length,
        pairings: ofKind.length,
        supportingUnits: new Set(ofKind.map((p) => p.supporter)).size,
      };
    });
  }

  /** Expected supporting loads: supporter id → [active, ended]. */
  loads(county: string, on: string): Map<string, [number, number]> {
    const out = new Map<string, [number, number]>();
    for (const p of this.pairings.filter((x) => this.within(x.supported, county))) {
      const [a, e] = out.get(p.supporter) ?? [0, 0];
      out.set(p.supporter, [a + (this.active(p, on) ? 1 : 0), e + (p.until !== null && p.until < on ? 1 : 0)]);
    }
    return out;
  }

  /** Expected timeline rows, sorted by year (null last) then kind. */
  timeline(county: string) {
    const rows = new Map<string, { year: number | null; kind: string; started: number; ended: number }>();
    const bump = (year: number | null, kind: string, field: 'started' | 'ended') => {
      const key = `${year}|${kind}`;
      const row = rows.get(key) ?? { year, kind, started: 0, ended: 0 };
      row[field] += 1;
      rows.set(key, row);
    };
    for (const p of this.pairings.filter((x) => this.within(x.supported, county))) {
      bump(p.since ? Number(p.since.slice(0, 4)) : null, p.kind, 'started');
      if (p.until) bump(Number(p.until.slice(0, 4)), p.kind, 'ended');
    }
    return [...rows.values()].sort((a, b) => (a.year ?? 99999) - (b.year ?? 99999) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  }

  /** Expected suggestions (ids and scores, best first) by the README's rules. */
  suggestions(target: string, on: string, first: number): { id: string; score: number }[] {
    const t = this.units.get(target)!;
    const county = this.countyOf(target);
    const township = this.townshipOf(target);
    const kinds = PAIRING_KIND_ORDER.filter((k) => SUPPORTED_KINDS[k].includes(t.kind));
    const candidateKinds = new Set(kinds.flatMap((k) => SUPPORTING_KINDS[k]));
    const supportingCounties = new Set(
      this.pairings.filter((p) => county && this.within(p.supported, county)).map((p) => this.countyOf(p.supporter)).filter((c): c is string => c !== null),
    );
    const activeWithTarget = new Set(this.pairings.filter((p) => p.supported === target && this.active(p, on)).map((p) => p.supporter));
    const ownSectors = new Set(this.pairings.filter((p) => p.supported === target).map((p) => p.sector));
    const partnerKinds = new Set([...activeWithTarget].map((id) => this.units.get(id)!.kind));
    const candidates = [...this.units.values()].filter(
      (u) => u.side === 'SUPPORTING' && candidateKinds.has(u.kind) && [...supportingCounties].some((c) => this.within(u.id, c)) && !activeWithTarget.has(u.id),
    );
    const facts = candidates.map((c) => {
      const mine = this.pairings.filter((p) => p.supporter === c.id && this.active(p, on));
      return {
        id: c.id,
        load: mine.length,
        inTownship: township ? new Set(mine.filter((p) => this.within(p.supported, township)).map((p) => p.supported)).size : 0,
        inCounty: county ? new Set(mine.filter((p) => this.within(p.supported, county)).map((p) => p.supported)).size : 0,
        sameSector: mine.some((p) => ownSectors.has(p.sector)),
        sameKind: partnerKinds.has(c.kind),
      };
    });
    const maxLoad = Math.max(0, ...facts.map((f) => f.load));
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return facts
      .map((f) => ({
        id: f.id,
        load: f.load,
        score: round(
          (f.inTownship > 0 ? 3 : 0) + (f.inCounty > 0 ? 1 : 0) + (f.sameSector ? 2 : 0) + (f.sameKind ? 1 : 0) + round(2 * (maxLoad === 0 ? 1 : (maxLoad - f.load) / maxLoad)),
        ),
      }))
      .sort((a, b) => b.score - a.score || a.load - b.load || (a.id < b.id ? -1 : 1))
      .slice(0, first)
      .map(({ id, score }) => ({ id, score }));
  }

  /** Breadth-first distance between two units through units and pairings, or null beyond maxHops. */
  distance(from: string, to: string, maxHops: number): number | null {
    let frontier = [from];
    const seen = new Set([from]);
    for (let d = 1; d <= maxHops; d++) {
      const next: string[] = [];
      for (const n of frontier) {
        for (const m of this.adjacency.get(n) ?? []) {
          if (m === to) return d;
          if (!seen.has(m)) {
            seen.add(m);
            next.push(m);
          }
        }
      }
      frontier = next;
    }
    return null;
  }

  /** True when a and b are linked by a stored edge (either direction). */
  linked(a: string, b: string): boolean {
    return this.adjacency.get(a)?.has(b) ?? false;
  }
}
