import type { Driver } from 'neo4j-driver';
import { ANY_REGION_IN_RANGE } from '../../src/region/divisionQueries';
import { explain, LABEL_SCANS } from '../support/explainPlan';
import { cypher, testDriver } from '../support/testDatabase';

// A batch of the division loader is compared row by row only when the graph holds a region in its code range
// (src/region/loadDivisions.ts): the check must be one seek of the code index, never a read of every region.
let driver: Driver;
beforeAll(() => {
  driver = testDriver();
});
afterAll(() => driver.close());

describe('the division loader’s range check', () => {
  it('seeks the code index by range, with no label scan', async () => {
    const ops = await explain(driver, ANY_REGION_IN_RANGE, { low: '150921000000', high: '150921999999' });
    expect(ops.some((o) => /^Node(Unique)?IndexSeekByRange$/.test(o))).toBe(true);
    expect(ops.filter((o) => LABEL_SCANS.test(o))).toEqual([]);
  });

  it('finds a region inside the range, and none in a range of codes the graph does not hold', async () => {
    const inside = await cypher<{ id: string }>(driver, ANY_REGION_IN_RANGE, { low: '150921212200', high: '150921212220' });
    expect(inside).toHaveLength(1);
    expect(inside[0].id >= '150921212200' && inside[0].id <= '150921212220').toBe(true);
    // 15 09 21 is 卓资县; 15 09 99 is no county of the seed, nor of the 2023 list.
    expect(await cypher(driver, ANY_REGION_IN_RANGE, { low: '150999000000', high: '150999999999' })).toEqual([]);
  });
});
