import type { Driver } from 'neo4j-driver';

/** A node of a Neo4j plan, as EXPLAIN answers it. */
export interface Plan {
  operatorType: string;
  arguments: Record<string, unknown>;
  children: Plan[];
}

/** Returns the plan Neo4j would run `query` with (EXPLAIN: nothing runs). */
export async function explainPlan(driver: Driver, query: string, params: Record<string, unknown>): Promise<Plan> {
  return (await driver.executeQuery(`EXPLAIN ${query}`, params)).summary.plan as unknown as Plan;
}

/** Returns the plan's operators, depth first, without their runtime suffix (`NodeIndexSeek@neo4j` → `NodeIndexSeek`). */
export function operators(plan: Plan): string[] {
  return [plan.operatorType.replace(/@.*$/, ''), ...plan.children.flatMap(operators)];
}

/** Returns the operators of the plan of `query`. */
export async function explain(driver: Driver, query: string, params: Record<string, unknown>): Promise<string[]> {
  return operators(await explainPlan(driver, query, params));
}

/** Operators that read every node of a label (or of the graph). */
export const LABEL_SCANS = /NodeByLabelScan|AllNodesScan|UnionNodeByLabelsScan|IntersectionNodeByLabelsScan/;
