import { ActivityRepository } from '../activity/ActivityRepository';
import { AuditRepository } from '../audit/AuditRepository';
import type { Database } from '../db/Database';
import { CooperationRepository } from '../cooperation/CooperationRepository';
import { GraphRepository } from '../graph/GraphRepository';
import { PairingRepository } from '../pairing/PairingRepository';
import { PlannerRepository } from '../planner/PlannerRepository';
import { RegionRepository } from '../region/RegionRepository';
import { RosterRepository } from '../roster/RosterRepository';
import { SearchRepository } from '../search/SearchRepository';
import { SourceRepository } from '../source/SourceRepository';
import { SummaryRepository } from '../summary/SummaryRepository';
import { UnitRepository } from '../unit/UnitRepository';

/** One repository per area, all over the same database. */
export interface Repositories {
  units: UnitRepository;
  regions: RegionRepository;
  pairings: PairingRepository;
  search: SearchRepository;
  sources: SourceRepository;
  summary: SummaryRepository;
  cooperation: CooperationRepository;
  planner: PlannerRepository;
  graph: GraphRepository;
  roster: RosterRepository;
  audit: AuditRepository;
  activities: ActivityRepository;
}

/** Returns the repositories over `db`. */
export function createRepositories(db: Database): Repositories {
  return {
    units: new UnitRepository(db),
    regions: new RegionRepository(db),
    pairings: new PairingRepository(db),
    search: new SearchRepository(db),
    sources: new SourceRepository(db),
    summary: new SummaryRepository(db),
    cooperation: new CooperationRepository(db),
    planner: new PlannerRepository(db),
    graph: new GraphRepository(db),
    roster: new RosterRepository(db),
    audit: new AuditRepository(db),
    activities: new ActivityRepository(db),
  };
}
