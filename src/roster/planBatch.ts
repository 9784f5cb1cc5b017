import type { ManagedTransaction } from 'neo4j-driver';
import { countyOrNearest, type CooperationIndex } from '../cooperation/CooperationIndex';
import type { RosterKind } from './columns';
import { cooperationIdOf, parseCooperationRow, planCooperation, type CooperationWrite } from './planCooperation';
import { planActivityRows, type ActivityWrite } from './planActivity';
import { lookupIds, type Agreements, type Lookup } from './lookup';
import { ImportState } from './ImportState';
import { parsePairingRow, planPairing } from './planPairing';
import { parseUnitRow, planUnit } from './planUnit';
import type { PairingWrite, RawRow, UnitWrite } from './RowPlan';
import { rowProblems } from './RowProblems';
import { reason, type RosterProblem } from './problems';
import { interpretHeader, isBlankRow, isCommentRow, type RosterHeader, type RosterInput } from './rosterInput';
import { SheetReadError } from './sheetReadError';
import { refuseEndsBeforeActivities } from './endBeforeActivity';
import type { CellValue } from './values';
import { todayInChina } from '../graphql/DateScalar';

/*
 * The batch machinery of an import: a roster's header, its rows in batches, the ids a batch looks up and
 * locks, and the plan of a batch against the database as a transaction sees it (the check pass, and the
 * write pass again under lock).
 */

/** Returns the problem of a file that cannot be read on (at its row, or as a whole). */
export function readProblem(input: RosterInput, err: SheetReadError): RosterProblem {
  return { file: input.name, row: err.row, field: null, column: null, value: '', code: err.code ?? (err.row === 0 ? 'UNREADABLE' : 'CSV_SYNTAX'), reason: err.reason };
}

/** Reads the header row of a roster (its first non-blank row). */
export async function readHeader(input: RosterInput): Promise<{ header: RosterHeader | null; problems: RosterProblem[] }> {
  try {
    for await (const row of input.rows()) {
      if (isBlankRow(row.cells)) continue;
      return interpretHeader(input, row);
    }
  } catch (err) {
    if (err instanceof SheetReadError) return { header: null, problems: [readProblem(input, err)] };
    throw err;
  }
  return {
    header: null,
    problems: [{ file: input.name, row: 0, field: null, column: null, value: '', code: 'EMPTY_FILE', reason: reason('文件是空的：没有表头行', 'the file is empty: no header row') }],
  };
}

/** Yields the data rows of a roster in batches: blank rows and comment rows (`#…`) skipped, cells keyed by field. */
export async function* batchesOf(input: RosterInput, header: RosterHeader, size: number, onBytes?: (n: number) => void): AsyncGenerator<RawRow[]> {
  let headerSeen = false;
  let batch: RawRow[] = [];
  for await (const row of input.rows(onBytes)) {
    if (isBlankRow(row.cells)) continue;
    if (!headerSeen) {
      headerSeen = true;
      continue;
    }
    if (isCommentRow(row.cells)) continue;
    const values = new Map<string, CellValue>();
    header.fieldAt.forEach((field, i) => {
      if (field) values.set(field, row.cells[i] ?? null);
    });
    batch.push({ row: row.row, values });
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Returns the ids of the records a batch changes or relies on: the rows' ids and placeholders, or pairings' units. */
export function idsToLock(kind: RosterKind, rows: readonly RawRow[]): string[] {
  const fields = kind === 'units' ? ['id', 'replaces'] : kind === 'pairings' ? ['id', 'supporting', 'supported'] : kind === 'activities' ? ['id', 'pairingId', 'cooperationId'] : ['id'];
  const ids: string[] = [];
  for (const r of rows) {
    for (const f of fields) {
      const v = r.values.get(f);
      if (v !== null && v !== undefined) ids.push(String(v).trim());
    }
  }
  return ids;
}

/** Returns the ids a batch must look up: the rows' ids, regions and placeholders, or pairings' units. */
function idsToLook(kind: RosterKind, rows: readonly RawRow[]): string[] {
  const ids: string[] = [];
  const fields = kind === 'units' ? ['id', 'replaces'] : kind === 'pairings' ? ['id', 'supporting', 'supported'] : ['id'];
  const codes = kind === 'units' ? ['region'] : kind === 'cooperations' ? ['supportingRegion', 'supportedRegion'] : [];
  for (const r of rows) {
    for (const f of fields) {
      const v = r.values.get(f);
      if (v !== null && v !== undefined) ids.push(String(v).trim());
    }
    for (const f of codes) {
      const region = r.values.get(f);
      if (region !== null && region !== undefined) {
        const t = String(region).replace(/\s+/g, '');
        ids.push(/^(\d{6}|\d{9})$/.test(t) ? t.padEnd(12, '0') : t);
      }
    }
    // A cooperation row without an id: the id made of its two codes.
    if (kind === 'cooperations' && (r.values.get('id') ?? null) === null) {
      const [a, b] = codes.map((f) => String(r.values.get(f) ?? '').replace(/\s+/g, '').padEnd(12, '0'));
      ids.push(cooperationIdOf(a, b));
    }
  }
  return ids;
}

/** What an import reads once and every batch's plan uses: the agreements and the cooperations. */
export interface ImportRefs {
  agreements: Agreements;
  cooperations: CooperationIndex;
}

/**
 * Returns the names of the counties (or nearest divisions) that the pairings' ends lie in, for the reasons of
 * NO_COOPERATION: one more lookup per batch of pairings, of a few distinct codes.
 */
async function endCountyNames(tx: ManagedTransaction, rows: readonly RawRow[], look: (id: string) => Lookup, state: ImportState): Promise<Map<string, string>> {
  const codes = new Set<string>();
  for (const r of rows) {
    for (const f of ['supporting', 'supported']) {
      const v = r.values.get(f);
      if (v === null || v === undefined) continue;
      const id = String(v).trim();
      const node = look(id).node;
      const region = state.pendingUnit(id)?.region ?? (node?.labels.includes('Region') ? node.id : node?.region);
      if (region) codes.add(countyOrNearest(region));
    }
  }
  const found = await lookupIds(tx, codes);
  const names = new Map<string, string>();
  for (const [code, l] of found) if (l.node?.name) names.set(code, l.node.name);
  return names;
}

const ID_IN_USE = reason('该编码已有记录；修改请用 updateUnit', 'a record with this id exists already; use updateUnit to change it');

/** Plans a batch of rows against the database as `tx` sees it; returns the plans of valid rows and the problems. */
export async function planBatch(
  tx: ManagedTransaction,
  input: RosterInput,
  header: RosterHeader,
  rows: readonly RawRow[],
  state: ImportState,
  refs: ImportRefs,
  requireCreate = false,
  today = todayInChina(),
): Promise<{ plans: (UnitWrite | PairingWrite | CooperationWrite | ActivityWrite)[]; problems: RosterProblem[] }> {
  const kind = header.kind;
  if (kind === 'activities') return planActivityBatch(tx, input, header, rows, state, today);
  const found = await lookupIds(tx, idsToLook(kind, rows));
  const look = (id: string): Lookup => found.get(id) ?? { node: null, replacedBy: null };
  const names = kind === 'pairings' ? await endCountyNames(tx, rows, look, state) : new Map<string, string>();
  const pairingRefs = { ...refs, nameOf: (code: string) => names.get(code) ?? null };
  let plans: (UnitWrite | PairingWrite | CooperationWrite)[] = [];
  const file = input.name;
  const byRow = new Map(rows.map((raw) => [raw, rowProblems(file, raw, header.columnOf)]));
  for (const raw of rows) {
    const rp = byRow.get(raw)!;
    if (kind === 'units') {
      const parsed = parseUnitRow(raw, file, rp, state);
      const plan = parsed.values ? planUnit(parsed.values, file, raw, rp, look, state) : null;
      if (plan && !parsed.bad) plans.push(plan);
    } else if (kind === 'cooperations') {
      const parsed = parseCooperationRow(raw, file, rp, state);
      const plan = parsed.values ? planCooperation(parsed.values, file, raw, rp, look, refs.cooperations) : null;
      if (plan && !parsed.bad) plans.push(plan);
    } else {
      const parsed = parsePairingRow(raw, file, rp, state);
      const plan = parsed.values ? planPairing(parsed.values, file, raw, rp, look, state, pairingRefs) : null;
      if (plan && !parsed.bad) plans.push(plan);
    }
    const last = plans[plans.length - 1];
    if (requireCreate && last && last.row === raw.row && last.action !== 'create') {
      plans.pop();
      rp.add('id', 'ID_IN_USE', ID_IN_USE, last.id);
    }
  }
  // A pairing cannot end before an activity its ledger records.
  if (kind === 'pairings') plans = await refuseEndsBeforeActivities(tx, plans, rows, (raw) => byRow.get(raw)!);
  return { plans, problems: [...byRow.values()].flatMap((rp) => inColumnOrder(header, rp.list)) };
}

/** Returns a row's problems in the order of its columns. */
function inColumnOrder(header: RosterHeader, list: readonly RosterProblem[]): RosterProblem[] {
  const at = (field: string | null) => (field === null ? -1 : header.fieldAt.indexOf(field));
  return [...list].sort((a, b) => at(a.field) - at(b.field));
}

/** Plans a batch of activities rows (planActivityRows); returns the plans and the problems row by row. */
async function planActivityBatch(
  tx: ManagedTransaction,
  input: RosterInput,
  header: RosterHeader,
  rows: readonly RawRow[],
  state: ImportState,
  today: string,
): Promise<{ plans: ActivityWrite[]; problems: RosterProblem[] }> {
  const byRow = new Map(rows.map((raw) => [raw, rowProblems(input.name, raw, header.columnOf)]));
  const plans = await planActivityRows(tx, input.name, rows, (raw) => byRow.get(raw)!, state, today);
  return { plans, problems: [...byRow.values()].flatMap((rp) => inColumnOrder(header, rp.list)) };
}
