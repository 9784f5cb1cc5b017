import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CooperationDocument, type CooperationQuery } from '../../src/generated/operations';
import { cypher } from '../support/testDatabase';
import { startTestServer, type TestServer } from '../support/testServer';

type Entity = NonNullable<CooperationQuery['cooperation']>['entities'][number];

const ID = 'cooperation-chaoyang-zhuozi';
/** The report's own counts (seed/report.json figures, each quoting the report). */
const figures = (JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'seed', 'report.json'), 'utf8')) as { figures: { id: string; value: number; label: string }[] })
  .figures;
const figure = (id: string) => figures.find((f) => f.id === id)!.value;

let t: TestServer;
let entities: Entity[];
beforeAll(async () => {
  t = await startTestServer();
  const res = await t.execute(CooperationDocument, { id: ID });
  expect(res.errors).toBeUndefined();
  entities = res.data!.cooperation!.entities;
});
afterAll(() => t.close());

const of = (label: string, kind?: string) => entities.filter((e) => e.label === label && (kind === undefined || e.kind === kind));
const prop = (e: Entity, key: string) => e.properties.find((p) => p.key === key)?.value;

describe('cooperation', () => {
  it('links 朝阳区 (supporting) with 卓资县 (supported) since 2016', async () => {
    const res = await t.execute(CooperationDocument, { id: ID });
    expect(res.data?.cooperation).toMatchObject({
      id: ID,
      sinceYear: 2016,
      supporting: { code: '110105000000', name: '朝阳区' },
      supported: { code: '150921000000', name: '卓资县' },
    });
  });

  it('names the 2023-2025 agreement with its five special actions', () => {
    const [agreement, ...more] = of('Agreement');
    expect(more).toEqual([]);
    expect(agreement.name).toContain('2023-2025');
    expect(prop(agreement, 'startYear')).toBe('2023');
    expect(prop(agreement, 'endYear')).toBe('2025');
    const actions = of('Action');
    expect(actions).toHaveLength(figure('special-actions'));
    expect(actions).toHaveLength(5);
    for (const a of actions) expect(a.relations).toContainEqual(expect.objectContaining({ type: 'PART_OF', direction: 'OUT', otherId: agreement.id }));
    expect(actions.map((a) => a.name)).toEqual(expect.arrayContaining(['“卓资熏鸡”进京', '“万企兴万村”']));
  });

  it("names Inner Mongolia's 6 doubling plans, 2 studios, 5 products and the 石榴籽 society", () => {
    expect(of('Plan', 'DOUBLING_PLAN')).toHaveLength(figure('doubling-plans'));
    expect(of('Plan', 'DOUBLING_PLAN')).toHaveLength(6);
    expect(of('Studio').map((s) => s.name).sort()).toEqual(['乳腺科名医工作室', '名师工作室'].sort());
    expect(of('Product').map((p) => p.name).sort()).toEqual(['西兰花', '卓资熏鸡', '杂粮杂豆', '莜面', '亚麻籽油'].sort());
    const society = of('Organization').filter((e) => e.name.includes('石榴籽'));
    expect(society).toHaveLength(1);
    expect(society[0]).toMatchObject({ label: 'Organization', kind: 'SOCIAL_ORGANIZATION', name: '卓资县石榴籽社团', provenance: 'REPORTED' });
    expect(society[0].relations).toContainEqual(expect.objectContaining({ type: 'FOUNDED', direction: 'IN', otherName: '胡永庆' }));
    // A figure about the society is named by its label, not its id.
    const about = society[0].relations.find((r) => r.type === 'ABOUT' && r.otherId === 'shiliuzi-members');
    expect(about?.otherName).toBe(figures.find((f) => f.id === 'shiliuzi-members')!.label);
  });

  it('holds the 2 industrial parks and 4 workshops the report counts as placeholders', () => {
    const parks = of('IndustrialPark');
    const workshops = of('Workshop');
    expect(parks).toHaveLength(figure('industrial-parks'));
    expect(workshops).toHaveLength(figure('aid-workshops'));
    expect([parks.length, workshops.length]).toEqual([2, 4]);
    for (const e of [...parks, ...workshops]) {
      expect(e.provenance).toBe('PLACEHOLDER');
      expect(e.name).toMatch(/ \d+$/);
    }
  });

  it('names 唐海棠, posted to 拐角铺村委会 (150921212210)', () => {
    const people = of('Person').filter((p) => p.name === '唐海棠');
    expect(people).toHaveLength(1);
    const posted = people[0].relations.filter((r) => r.type === 'POSTED_TO');
    expect(posted).toEqual([
      expect.objectContaining({ direction: 'OUT', otherId: '150921212210', otherName: '拐角铺村民委员会', provenance: 'REPORTED' }),
    ]);
    expect(posted[0].properties).toContainEqual({ key: 'since', value: '2023-06-29' });
    expect(people[0].relations).toContainEqual(expect.objectContaining({ type: 'FROM', otherId: '110105007000', otherName: '和平街街道' }));
  });

  it('gives exactly the entities plain Cypher finds in the cooperation, filtered by label when asked', async () => {
    const rows = await cypher<{ id: string }>(t.driver, 'MATCH (e:Entity)-[:IN_COOPERATION]->(:Cooperation {id: $id}) RETURN e.id AS id ORDER BY id', { id: ID });
    expect(entities.map((e) => e.id).sort()).toEqual(rows.map((r) => r.id));
    const res = await t.execute(CooperationDocument, { id: ID, label: ['Studio', 'Product'] });
    const labels = new Set(res.data!.cooperation!.entities.map((e) => e.label));
    expect([...labels].sort()).toEqual(['Product', 'Studio']);
    expect(res.data!.cooperation!.entities).toHaveLength(of('Studio').length + of('Product').length);
  });

  it('gives null for an unknown cooperation', async () => {
    const res = await t.execute(CooperationDocument, { id: 'no-such-cooperation' });
    expect(res.errors).toBeUndefined();
    expect(res.data?.cooperation).toBeNull();
  });
});
