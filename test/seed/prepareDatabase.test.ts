import type { Driver } from 'neo4j-driver';
import { createDatabase, type Database } from '../../src/db/Database';
import { applyMigrations, MIGRATIONS } from '../../src/db/migrations';
import { loadSeedDivisions } from '../../src/seed/loadSeedDivisions';
import { PrepareError, prepareDatabase } from '../../src/seed/prepareDatabase';
import { testDriver } from '../support/testDatabase';

/**
 * What a start prints when a start-up step runs out of time (issue 16, item 4): the real Neo4j stops a
 * transaction that outlasts the start-up timeout, and the error is one line naming the step, the reason and
 * what to do. The transactions are made slow by a first statement that counts to two billion.
 */

const SLOW = 'UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS n';

/**
 * Returns `db` whose writes from the `from`-th on (1-based) run SLOW first, in the same transaction; the writes
 * before run through `before` (a long timeout), so that only the slowed write can run out of time.
 */
function slowWritesFrom(db: Database, from: number, before: Database = db): Database {
  let writes = 0;
  return {
    ...db,
    driver: db.driver,
    name: db.name,
    write: (work, options) => {
      writes += 1;
      if (writes < from) return before.write(work, options);
      return db.write(async (tx) => {
        await tx.run(SLOW);
        return work(tx);
      }, options);
    },
  };
}

let driver: Driver;
let db: Database;
beforeAll(() => {
  driver = testDriver();
  db = createDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', undefined, { txTimeoutMs: 300 });
});
afterAll(() => driver.close());

/** Returns what prepareDatabase threw. */
async function failure(run: Promise<unknown>): Promise<PrepareError> {
  const err = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PrepareError);
  return err as PrepareError;
}

describe('prepareDatabase (migrations, then the seed) under the start-up timeout', () => {
  it('says in one line that the migrations did not finish, why, and what to do', async () => {
    const err = await failure(prepareDatabase(slowWritesFrom(db, 1), { seed: 'whenEmpty', timeoutMs: 300, retry: 'npm start' }));
    expect(err.message).toBe(
      'the schema migrations did not finish (Neo4j stopped a transaction that ran longer than 300 ms); run npm start again, or raise NEO4J_STARTUP_TX_TIMEOUT_MS (now 300; 0 for no limit)',
    );
  });

  it('says in one line that the division load did not finish, after the migrations did', async () => {
    // The migrations write once per statement, then once to wait for the indexes; the division load comes next.
    const err = await failure(
      prepareDatabase(slowWritesFrom(db, MIGRATIONS.length + 2), { seed: 'always', timeoutMs: 300, retry: 'npm run seed', divisions: 'counties' }),
    );
    expect(err.message).toBe(
      'the division load did not finish (Neo4j stopped a transaction that ran longer than 300 ms); run npm run seed again, or raise NEO4J_STARTUP_TX_TIMEOUT_MS (now 300; 0 for no limit)',
    );
  });

  it('says in one line that the seed did not finish, after the divisions did', async () => {
    // Count the writes of the steps before the seed (migrations, divisions); the seed's write comes next. Not a whole
    // run: the seed's load gives a side to every unit of the seed's regions, and in the shared database those are many.
    let writes = 0;
    const startup = createDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', undefined, { txTimeoutMs: 600_000 });
    const counting: Database = { ...startup, driver: startup.driver, name: startup.name, write: (work, o) => ((writes += 1), startup.write(work, o)) };
    await applyMigrations(counting);
    await loadSeedDivisions(counting, 'counties');
    expect(writes).toBeGreaterThan(MIGRATIONS.length + 2);
    const slowSeed = slowWritesFrom(db, writes + 1, startup);
    const err = await failure(prepareDatabase(slowSeed, { seed: 'always', timeoutMs: 300, retry: 'npm run seed', divisions: 'counties' }));
    expect(err.message).toBe(
      'the seed did not finish (Neo4j stopped a transaction that ran longer than 300 ms); run npm run seed again, or raise NEO4J_STARTUP_TX_TIMEOUT_MS (now 300; 0 for no limit)',
    );
  }, 300_000);

  it('loads no seed into a database that holds the project already unless told to', async () => {
    const startup = createDatabase(driver, process.env.NEO4J_DATABASE ?? 'neo4j', undefined, { txTimeoutMs: 600_000 });
    expect(await prepareDatabase(startup, { seed: 'whenEmpty', timeoutMs: 600_000, retry: 'npm start' })).toBeNull();
    expect(await prepareDatabase(startup, { seed: 'never', timeoutMs: 600_000, retry: 'npm start' })).toBeNull();
  });
});
