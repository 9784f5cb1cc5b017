import type { Loaders } from './Loaders';
import type { Repositories } from './Repositories';

/** What every resolver receives: the repositories, this request's loaders and today's date. */
export interface Context {
  repos: Repositories;
  loaders: Loaders;
  /** Today in China, `YYYY-MM-DD`: the default `activeOn`. */
  today: string;
}
