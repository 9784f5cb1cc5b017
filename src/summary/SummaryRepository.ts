import type { Database } from '../db/Database';
import { toPlain } from '../db/toPlain';
import type { FigureGroupRecord, FigureRecord, SummaryRecord } from './FigureRecord';

const FIGURES = `
  MATCH (g:FigureGroup)<-[:IN_GROUP]-(f:Figure)-[:OF]->(c:Cooperation)
  WHERE $sourceId IS NULL OR f.source = $sourceId
  WITH c, g, f ORDER BY g.order, f.order
  WITH c, g, collect(f { .id, .label, .labelEn, .value, .unit, .qualifier, .periodFrom, .periodTo, .periodLabel,
    .subjectId, .breakdownOf, .quote, .source, .provenance, .order, .group }) AS figures
  RETURN c.id AS cooperationId, g { .key, .name, .nameEn, .order } AS grp, figures`;

/** Reads the report's figures. */
export class SummaryRepository {
  constructor(private readonly db: Database) {}

  /**
   * Returns the figures grouped as the report groups them, breakdowns under their totals, in report
   * order, in one round trip. With several cooperations, the first by id is summarized.
   */
  async summary(sourceId: string | null): Promise<SummaryRecord> {
    const result = await this.db.read((tx) => tx.run(FIGURES, { sourceId }));
    const rows = result.records.map((r) => ({
      cooperationId: r.get('cooperationId') as string,
      group: toPlain(r.get('grp')) as unknown as Omit<FigureGroupRecord, 'figures'>,
      figures: (toPlain(r.get('figures')) as unknown as Omit<FigureRecord, 'breakdown'>[]).map((f) => ({ ...f, breakdown: [] as FigureRecord[] })),
    }));
    const cooperationId = rows.map((r) => r.cooperationId).sort()[0] ?? '';
    const all = new Map<string, FigureRecord>();
    for (const row of rows) for (const f of row.figures) all.set(f.id, f);
    const groups: FigureGroupRecord[] = rows
      .filter((r) => r.cooperationId === cooperationId)
      .map((r) => ({ ...r.group, figures: r.figures.filter((f) => !f.breakdownOf || !all.has(f.breakdownOf)) }));
    for (const f of all.values()) if (f.breakdownOf) all.get(f.breakdownOf)?.breakdown.push(f);
    return { cooperationId, groups, figureCount: groups.reduce((n, g) => n + countAll(g.figures), 0) };
  }
}

function countAll(figures: FigureRecord[]): number {
  return figures.reduce((n, f) => n + 1 + countAll(f.breakdown), 0);
}
