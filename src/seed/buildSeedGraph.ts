import { createHash } from 'node:crypto';
import { ENTITY_LABELS, ENTITY_RELATIONSHIP_TYPES, isOneOf, ORGANIZATION_KINDS, type UnitKindValue } from '../domain/vocabulary';
import { kindOfDivision, levelOfCode } from '../region/divisionKind';
import { searchFieldsOf } from '../search/pinyinOf';
import type { SeedGraph, SeedNode, SeedRegionFlags, SeedRelationship } from './SeedGraph';
import type { SeedFiles } from './readSeedFiles';

const PLACEHOLDER_SOURCE = 'seed-placeholder';

type Props = SeedNode['props'];

/**
 * Returns the whole seed as nodes and relationships, computed from the seed files alone: the divisions,
 * the report's entities and figures, and the pairings with their deterministic placeholders.
 * Throws naming the offending id when the files contradict each other (unknown parent, label or source).
 */
export function buildSeedGraph(files: SeedFiles): SeedGraph {
  const nodes: SeedNode[] = [];
  const relationships: SeedRelationship[] = [];
  const byId = new Map<string, SeedNode>();
  const addNode = (labels: string[], id: string, props: Props) => {
    if (byId.has(id)) throw new Error(`seed: duplicate id '${id}'`);
    const node = { labels: ['Node', ...labels], id, props: { id, ...props } };
    byId.set(id, node);
    nodes.push(node);
    return node;
  };
  const link = (from: string, type: string, to: string, provenance: string, source: string, props: SeedRelationship['props'] = {}) =>
    relationships.push({ type, from, to, props: { ...props, provenance, source } });
  const unitProps = (name: string, kind: UnitKindValue, side: string | null, provenance: string, source: string): Props => ({
    name,
    kind,
    side,
    provenance,
    source,
    ...searchFieldsOf(name),
  });

  // Sources.
  const sources = [...files.divisionsFile.sources, ...files.report.sources];
  const sourceIds = new Set(sources.map((s) => s.id));
  for (const s of sources) {
    addNode(['Source'], s.id, {
      title: s.title,
      publisher: s.publisher ?? null,
      author: s.author ?? null,
      published: s.published ?? null,
      kind: s.kind,
      note: s.note ?? null,
      provenance: 'REPORTED',
      source: s.id,
    });
  }
  const checkSource = (id: string, where: string) => {
    if (!sourceIds.has(id)) throw new Error(`seed: ${where} names unknown source '${id}'`);
  };

  // Divisions: loaded from the national list before the seed (loadSeedDivisions); the seed only reads them
  // to choose its placeholders' partners, and sets the demonstration flags of the supported county's villages.
  const regions = new Map(files.divisions.map((d) => [d.code, { ...d, level: levelOfCode(d.code), kind: kindOfDivision(levelOfCode(d.code), d.name) }]));
  const regionFlags = new Map<string, SeedRegionFlags['props']>();
  const supportedCounty = files.pairings.supportedCounty;
  for (const r of regions.values()) {
    if ((r.kind === 'VILLAGE' || r.kind === 'COMMUNITY') && r.code.startsWith(supportedCounty.slice(0, 6))) {
      regionFlags.set(r.code, { demonstration: false, demonstrationProvenance: 'PLACEHOLDER' });
    }
  }
  const known = (id: string) => byId.has(id) || regions.has(id);

  addReportEntities(files, addNode, link, checkSource, byId, known);
  addFigures(files, addNode, link, checkSource, byId, known);
  addPairings(files, byId, regions, regionFlags, addNode, link, unitProps);
  return { nodes, relationships, regionFlags: [...regionFlags].map(([id, props]) => ({ id, props })) };
}

type AddNode = (labels: string[], id: string, props: Props) => SeedNode;
type Link = (from: string, type: string, to: string, provenance: string, source: string, props?: SeedRelationship['props']) => void;

function addReportEntities(
  files: SeedFiles,
  addNode: AddNode,
  link: Link,
  checkSource: (id: string, where: string) => void,
  byId: Map<string, SeedNode>,
  known: (id: string) => boolean,
) {
  const report = files.report;
  const coop = files.pairings.cooperationId;
  for (const n of report.nodes) {
    if (!isOneOf(ENTITY_LABELS, n.label)) throw new Error(`seed: report node '${n.id}' has unknown label '${n.label}'`);
    checkSource(n.source, `report node ${n.id}`);
    const extra = Object.fromEntries(Object.entries(n.props ?? {}).map(([k, v]) => [`p_${k}`, v]));
    const props: Props = {
      name: n.name,
      nameEn: n.nameEn ?? null,
      kind: n.kind ?? null,
      provenance: n.provenance,
      source: n.source,
      propertyKeys: Object.keys(n.props ?? {}),
      ...extra,
    };
    const labels = ['Entity', n.label];
    if (n.label === 'Organization' && n.kind && isOneOf(ORGANIZATION_KINDS, n.kind)) {
      labels.push('Unit');
      Object.assign(props, searchFieldsOf(n.name), { side: null });
    }
    addNode(labels, n.id, props);
    if (n.label !== 'Cooperation') link(n.id, 'IN_COOPERATION', coop, n.provenance, n.source);
  }
  for (const r of report.relationships) {
    if (!isOneOf(ENTITY_RELATIONSHIP_TYPES, r.type)) throw new Error(`seed: report relationship ${r.from}-${r.type}->${r.to} has an unknown type`);
    for (const end of [r.from, r.to]) if (!known(end)) throw new Error(`seed: report relationship ${r.from}-${r.type}->${r.to}: unknown node '${end}'`);
    checkSource(r.source, `report relationship ${r.from}-${r.type}->${r.to}`);
    link(r.from, r.type, r.to, r.provenance, r.source, { ...(r.props ?? {}) });
  }
}

function addFigures(
  files: SeedFiles,
  addNode: AddNode,
  link: Link,
  checkSource: (id: string, where: string) => void,
  byId: Map<string, SeedNode>,
  known: (id: string) => boolean,
) {
  const coop = files.pairings.cooperationId;
  for (const g of files.report.groups) {
    addNode(['FigureGroup'], `figure-group-${g.key}`, { key: g.key, name: g.name, nameEn: g.nameEn, order: g.order, provenance: 'REPORTED', source: files.pairings.source });
  }
  files.report.figures.forEach((f, order) => {
    checkSource(f.source, `figure ${f.id}`);
    addNode(['Figure'], f.id, {
      group: f.group,
      label: f.label,
      labelEn: f.labelEn,
      value: f.value,
      unit: f.unit,
      qualifier: f.qualifier,
      periodFrom: f.periodFrom,
      periodTo: f.periodTo,
      periodLabel: f.periodLabel,
      subjectId: f.subject,
      breakdownOf: f.breakdownOf,
      quote: f.quote,
      order,
      provenance: 'REPORTED',
      source: f.source,
    });
    const group = `figure-group-${f.group}`;
    if (!byId.has(group)) throw new Error(`seed: figure ${f.id} names unknown group '${f.group}'`);
    link(f.id, 'IN_GROUP', group, 'REPORTED', f.source);
    link(f.id, 'OF', coop, 'REPORTED', f.source);
    if (f.subject) {
      if (!known(f.subject)) throw new Error(`seed: figure ${f.id} is about unknown node '${f.subject}'`);
      link(f.id, 'ABOUT', f.subject, 'REPORTED', f.source);
    }
    if (f.breakdownOf) link(f.id, 'BREAKDOWN_OF', f.breakdownOf, 'REPORTED', f.source);
  });
  for (const f of files.report.figures) {
    if (f.breakdownOf && !byId.has(f.breakdownOf)) throw new Error(`seed: figure ${f.id} breaks down unknown figure '${f.breakdownOf}'`);
  }
}

/** Orders codes by a salted hash: a fixed, arbitrary order that marks no real preference. */
function hashOrder(codes: string[], salt: string): string[] {
  const key = (c: string) => createHash('sha256').update(`${salt}:${c}`).digest('hex');
  return [...codes].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function addPairings(
  files: SeedFiles,
  byId: Map<string, SeedNode>,
  regions: Map<string, { code: string; kind: string }>,
  regionFlags: Map<string, SeedRegionFlags['props']>,
  addNode: AddNode,
  link: Link,
  unitProps: (name: string, kind: UnitKindValue, side: string | null, provenance: string, source: string) => Props,
) {
  const cfg = files.pairings;
  const src = cfg.source;
  const pad = (n: number) => String(n).padStart(2, '0');
  const placeholders = (prefix: string, count: number, name: (i: number) => string, kind: UnitKindValue, side: 'SUPPORTING' | 'SUPPORTED', region: string, labels: string[]) =>
    Array.from({ length: count }, (_, k) => {
      const id = `${prefix}-${pad(k + 1)}`;
      addNode(['Unit', ...labels], id, unitProps(name(k + 1), kind, side, 'PLACEHOLDER', src));
      link(id, 'LOCATED_IN', region, 'PLACEHOLDER', PLACEHOLDER_SOURCE);
      return id;
    });
  const cy = cfg.supportingCounty;
  const zz = cfg.supportedCounty;
  let seq = 0;
  const pair = (kind: string, sector: string, supporting: string, supported: string) => {
    seq += 1;
    const id = `pairing-cz-${String(seq).padStart(3, '0')}`;
    addNode(['Pairing'], id, {
      kind,
      sector,
      since: null,
      until: null,
      asOf: cfg.asOf,
      status: 'ACTIVE',
      agreementId: null,
      provenance: 'PLACEHOLDER',
      source: src,
      note: '结对双方由种子数据按规则选定（公开资料仅给出数量）',
    });
    link(id, 'SUPPORTER', supporting, 'PLACEHOLDER', PLACEHOLDER_SOURCE);
    link(id, 'SUPPORTED', supported, 'PLACEHOLDER', PLACEHOLDER_SOURCE);
    link(id, 'IN_COOPERATION', cfg.cooperationId, 'REPORTED', src);
  };

  const cySchools = placeholders('CY-SCHOOL', cfg.schools, (i) => `朝阳区结对学校 ${i}`, 'SCHOOL', 'SUPPORTING', cy, ['Organization']);
  const zzSchools = placeholders('ZZ-SCHOOL', cfg.schools, (i) => `卓资县结对学校 ${i}`, 'SCHOOL', 'SUPPORTED', zz, ['Organization']);
  cySchools.forEach((s, i) => pair('SCHOOL_SCHOOL', 'EDUCATION', s, zzSchools[i]));
  const cyHospitals = placeholders('CY-HOSPITAL', cfg.hospitals, (i) => `朝阳区结对医院 ${i}`, 'HOSPITAL', 'SUPPORTING', cy, ['Organization']);
  const zzHospitals = placeholders('ZZ-HOSPITAL', cfg.hospitals, (i) => `卓资县结对医院 ${i}`, 'HOSPITAL', 'SUPPORTED', zz, ['Organization']);
  cyHospitals.forEach((h, i) => pair('HOSPITAL_HOSPITAL', 'HEALTH', h, zzHospitals[i]));

  // Streets with townships: the named streets first, then numbered placeholders.
  for (const code of cfg.streets.named) if (!regions.has(code)) throw new Error(`seed: named street ${code} is not a known division`);
  const streetPlaceholders = placeholders(
    'CY-STREET',
    cfg.streets.placeholders,
    (i) => `朝阳区结对街乡 ${i + cfg.streets.named.length}`,
    'STREET',
    'SUPPORTING',
    cy,
    ['Locality'],
  );
  const streets = [...cfg.streets.named, ...streetPlaceholders];
  const childrenOf = (parent: string, kinds: string[]) =>
    [...regions.values()]
      .filter((r) => r.code.startsWith(parent.slice(0, 6)) && kinds.includes(r.kind))
      .map((r) => r.code)
      .filter((code) => code !== parent)
      .sort();
  const townships = hashOrder(childrenOf(zz, ['TOWN', 'TOWNSHIP']), cfg.salt);
  if (townships.length < streets.length * cfg.streets.townshipsEach) throw new Error('seed: fewer townships than the street pairings need');
  streets.forEach((street, i) => {
    for (let k = 0; k < cfg.streets.townshipsEach; k++) pair('STREET_TOWNSHIP', 'GOVERNANCE', street, townships[i * cfg.streets.townshipsEach + k]);
  });

  // Villages: a salted order of the county's 村委会; the first `villages` are paired.
  const villages = hashOrder(childrenOf(zz, ['VILLAGE']), cfg.salt);
  const paired = villages.slice(0, cfg.villages);
  const unpaired = villages.slice(cfg.villages);
  const estates = placeholders('ZZ-ESTATE', cfg.relocationEstates, (i) => `卓资县易地搬迁小区 ${i}`, 'RELOCATION_ESTATE', 'SUPPORTED', zz, ['RelocationEstate']);
  const communities = placeholders('CY-COMMUNITY', cfg.communities, (i) => `朝阳区结对村社区 ${i}`, 'VILLAGE_OR_COMMUNITY', 'SUPPORTING', cy, ['Locality']);
  const enterprises = placeholders('CY-ENTERPRISE', cfg.enterprises, (i) => `朝阳区结对企业 ${i}`, 'ENTERPRISE', 'SUPPORTING', cy, ['Organization']);
  const socialOrgs = placeholders('CY-SOCIAL-ORG', cfg.socialOrganizations, (i) => `朝阳区结对社会组织 ${i}`, 'SOCIAL_ORGANIZATION', 'SUPPORTING', cy, ['Organization']);

  // Communities take the first villages one to one; enterprises the next ones; social organisations
  // the rest, then the estates, and any left over double up on the first demonstration villages.
  const targets = [...paired];
  const take = (n: number) => targets.splice(0, n);
  const byCommunities = take(Math.min(communities.length, targets.length));
  communities.forEach((c, i) => pair('COMMUNITY_VILLAGE', 'RURAL_REVITALIZATION', c, byCommunities[i]));
  const byEnterprises = take(Math.min(enterprises.length, targets.length));
  enterprises.forEach((e, i) => pair('ENTERPRISE_VILLAGE', 'INDUSTRY', e, byEnterprises[i] ?? byCommunities[i]));
  const rest = [...take(targets.length), ...estates];
  const demo = cfg.demonstration;
  const demonstration = [...byCommunities.slice(0, demo.pairedByCommunities), ...byEnterprises.slice(0, demo.pairedByEnterprises), ...unpaired.slice(0, demo.unpaired)];
  const doubles = demonstration.slice(0, Math.max(0, socialOrgs.length - rest.length));
  socialOrgs.forEach((s, i) => pair('SOCIAL_ORGANIZATION_VILLAGE', 'SOCIAL_ASSISTANCE', s, rest[i] ?? doubles[i - rest.length]));
  if (socialOrgs.length > rest.length + doubles.length) throw new Error('seed: not enough villages for the social organisations');

  for (const code of demonstration) regionFlags.set(code, { demonstration: true, demonstrationProvenance: 'PLACEHOLDER' });
}
