import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../config/loadConfig';
import { redactUri } from '../util/redactUri';

/**
 * Returns a driver to `uri` that has reached the database (the embedded Neo4j needs no credentials), with
 * NEO4J_CONNECT_TIMEOUT_MS as its connection, acquisition and retry limit. Throws an Error with one line,
 * `cannot reach Neo4j at <uri>: <the driver's reason>`, after closing the driver.
 */
export async function connectNeo4j(config: Config, uri: string, embedded: boolean): Promise<Driver> {
  const auth = embedded || !config.NEO4J_PASSWORD ? undefined : neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD);
  const driver = neo4j.driver(uri, auth, {
    connectionTimeout: config.NEO4J_CONNECT_TIMEOUT_MS,
    connectionAcquisitionTimeout: config.NEO4J_CONNECT_TIMEOUT_MS,
    // While Neo4j is down a query retries this long, then the client gets SERVICE_UNAVAILABLE.
    maxTransactionRetryTime: config.NEO4J_CONNECT_TIMEOUT_MS,
    disableLosslessIntegers: false,
    userAgent: 'pairing-graph/0.1',
  });
  try {
    await driver.verifyConnectivity({ database: config.NEO4J_DATABASE });
    return driver;
  } catch (err) {
    await driver.close();
    throw new Error(`cannot reach Neo4j at ${redactUri(uri)}: ${(err as Error).message.split('\n')[0]}`);
  }
}
