import type { RegionLevelValue, SideValue, UnitKindValue } from '../domain/vocabulary';
import { namesOf, pinyinOf, type PinyinForms, type SearchFields } from '../search/pinyinOf';
import type { SeedGraph, SeedNode, SeedRelationship } from '../seed/SeedGraph';
import type { ResolvedSynthOptions } from './SynthOptions';

/** The provenance of everything the generator makes. */
export const PROVENANCE = 'IMPORTED';

// ---------------------------------------------------------------------------------------------
// Names and pinyin. Every name is a Chinese word, a space and numbers; pinyin is composed from the
// word's pinyin (computed once) and the digits, which is what searchFieldsOf gives for such names.

const pinyinCache = new Map<string, PinyinForms>();

function composedSearchFields(name: string, word: string, numbers: string): SearchFields {
  let w = pinyinCache.get(word);
  if (!w) {
    w = pinyinOf(word);
    pinyinCache.set(word, w);
  }
  const digits = numbers.replace(/[^0-9]/g, '');
  const forms = { pinyin: w.pinyin + digits, initials: w.initials + digits };
  return { ...forms, names: namesOf(name, [], forms) };
}

const WORDS: Partial<Record<UnitKindValue, string>> = {
  PROVINCE: '合成省',
  CITY: '合成市',
  DISTRICT: '合成区',
  COUNTY: '合成县',
  STREET: '合成街道',
  AREA: '合成地区',
  TOWN: '合成镇',
  TOWNSHIP: '合成乡',
  VILLAGE: '合成村',
  COMMUNITY: '合成社区',
  SCHOOL: '合成学校',
  HOSPITAL: '合成医院',
  ENTERPRISE: '合成企业',
  SOCIAL_ORGANIZATION: '合成社会组织',
};

/** Returns `n` with leading zeros to `width` digits; never throws. */
export const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---------------------------------------------------------------------------------------------

/** The kinds of organization the generator makes. */
export type OrgKind = 'SCHOOL' | 'HOSPITAL' | 'ENTERPRISE' | 'SOCIAL_ORGANIZATION';

/** A county-level unit of the plan: a supporting district or a supported county. */
export interface CountyPlan {
  code: string;
  ordinal: number;
  side: SideValue;
  parent: string;
  /** Supported counties: the indexes (into `districts`) of the one or two districts that serve it. */
  partners: number[];
}

/**
 * The chunk of the synthetic graph being built, and the builders that add to it: a chunk is taken with
 * `flush`, which starts the next. Holds the counters that run through the whole graph (organizations,
 * pairings). Never throws.
 */
export class SynthChunk {
  nodes: SeedNode[] = [];
  relationships: SeedRelationship[] = [];
  readonly sourceId: string;
  /** Pairings made so far (the last one's number). */
  pairingSeq = 0;
  private orgSeq = 0;
  private readonly relProps: { provenance: string; source: string };

  constructor(private readonly o: ResolvedSynthOptions) {
    this.sourceId = `${o.idPrefix}-source`;
    this.relProps = { provenance: PROVENANCE, source: this.sourceId };
  }

  /** Returns the chunk built so far and starts an empty one. */
  flush(): SeedGraph {
    const chunk = { nodes: this.nodes, relationships: this.relationships };
    this.nodes = [];
    this.relationships = [];
    return chunk;
  }

  /** Adds a relationship with the graph's provenance and source. */
  link(from: string, type: string, to: string): void {
    this.relationships.push({ type, from, to, props: { ...this.relProps } });
  }

  private unitProps(kind: UnitKindValue, numbers: string, side: SideValue): SeedNode['props'] {
    const name = `${WORDS[kind]} ${numbers}`;
    const props: SeedNode['props'] = { name, kind, side, provenance: PROVENANCE, source: this.sourceId };
    if (this.o.pinyin) Object.assign(props, composedSearchFields(name, WORDS[kind]!, numbers));
    props.synth = this.o.idPrefix;
    return props;
  }

  /** Adds a division (a :Unit:Region) and its PART_OF link to `parent`. */
  region(code: string, level: RegionLevelValue, kind: UnitKindValue, numbers: string, side: SideValue, parent: string | null, demonstration?: boolean): void {
    const props: SeedNode['props'] = { id: code, level, ...this.unitProps(kind, numbers, side) };
    if (level === 'VILLAGE') {
      props.demonstration = demonstration ?? false;
      props.demonstrationProvenance = side === 'SUPPORTED' ? PROVENANCE : null;
    }
    this.nodes.push({ labels: ['Node', 'Unit', 'Region'], id: code, props });
    if (parent) this.link(code, 'PART_OF', parent);
  }

  /** Adds an organization located in `locatedIn`; returns its id. */
  organization(kind: OrgKind, side: SideValue, locatedIn: string): string {
    this.orgSeq += 1;
    const id = `${this.o.idPrefix}-o-${this.orgSeq}`;
    this.nodes.push({ labels: ['Node', 'Unit', 'Organization'], id, props: { id, ...this.unitProps(kind, String(this.orgSeq), side) } });
    this.link(id, 'LOCATED_IN', locatedIn);
    return id;
  }
}
