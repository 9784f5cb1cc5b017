import { activityResolvers } from '../activity/activityResolvers';
import { auditResolvers } from '../audit/auditResolvers';
import { cooperationResolvers } from '../cooperation/cooperationResolvers';
import type { Resolvers } from '../generated/resolvers';
import { graphResolvers } from '../graph/graphResolvers';
import { pairingResolvers } from '../pairing/pairingResolvers';
import { plannerResolvers } from '../planner/plannerResolvers';
import { regionResolvers } from '../region/regionResolvers';
import { rosterResolvers } from '../roster/rosterResolvers';
import { searchResolvers } from '../search/searchResolvers';
import { summaryResolvers } from '../summary/summaryResolvers';
import { unitResolvers } from '../unit/unitResolvers';
import { DateScalar } from './DateScalar';

const API_VERSION = '0.1.0';

/** Returns the resolvers of every area merged into one map (areas never define the same field). */
export function createResolvers(): Resolvers {
  const areas: Resolvers[] = [unitResolvers, regionResolvers, pairingResolvers, searchResolvers, summaryResolvers, cooperationResolvers, plannerResolvers, graphResolvers, rosterResolvers, auditResolvers, activityResolvers];
  const merged: Record<string, Record<string, unknown>> = {};
  for (const area of areas) {
    for (const [type, fields] of Object.entries(area)) {
      merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
    }
  }
  return { ...(merged as Resolvers), Date: DateScalar, Query: { ...(merged.Query as Resolvers['Query']), apiVersion: () => API_VERSION } };
}
