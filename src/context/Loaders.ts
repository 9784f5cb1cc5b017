import DataLoader from 'dataloader';
import type { FigureLedgerRecord } from '../activity/figureForms';
import type { CooperationRecord, RelationRecord } from '../cooperation/EntityRecord';
import type { PairingRecord } from '../pairing/PairingRecord';
import type { SourceRecord } from '../source/SourceRecord';
import type { UnitRecord } from '../unit/UnitRecord';
import type { Repositories } from './Repositories';

/** Per-request batch loaders: each turns the lookups of one resolver level into one round trip. */
export interface Loaders {
  unit: DataLoader<string, UnitRecord | null>;
  source: DataLoader<string, SourceRecord | null>;
  children: DataLoader<string, UnitRecord[]>;
  ancestors: DataLoader<string, UnitRecord[]>;
  relations: DataLoader<string, RelationRecord[]>;
  pairing: DataLoader<string, PairingRecord | null>;
  /** Cooperations by id (they are few: one batch reads them all). */
  cooperation: DataLoader<string, CooperationRecord | null>;
  /** A figure (its id and value) beside the ledger. */
  figureLedger: DataLoader<{ id: string; value: number }, FigureLedgerRecord | null, string>;
}

function byId<T extends { id: string }>(find: (ids: readonly string[]) => Promise<T[]>) {
  return async (ids: readonly string[]) => {
    const found = new Map((await find(ids)).map((r) => [r.id, r]));
    return ids.map((id) => found.get(id) ?? null);
  };
}

/** Returns fresh loaders for one request (never shared between requests: no stale or leaked data). */
export function createLoaders(repos: Repositories): Loaders {
  return {
    unit: new DataLoader(byId((ids) => repos.units.findByIds(ids))),
    source: new DataLoader(byId((ids) => repos.sources.findByIds(ids))),
    children: new DataLoader((codes) => repos.regions.childrenOf(codes)),
    ancestors: new DataLoader((codes) => repos.regions.ancestorsOf(codes)),
    relations: new DataLoader((ids) => repos.cooperation.relationsOf(ids)),
    pairing: new DataLoader(byId((ids) => repos.pairings.findByIds(ids))),
    cooperation: new DataLoader(byId(() => repos.cooperation.cooperations(null))),
    figureLedger: new DataLoader((figures) => repos.activities.reconcile(figures), { cacheKeyFn: (f) => f.id }),
  };
}
