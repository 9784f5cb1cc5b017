import type { Caller } from '../auth/Caller';
import type { Loaders } from './Loaders';
import type { Repositories } from './Repositories';

/** What every resolver receives: the repositories, this request's loaders and today's date and the caller. */
export interface Context {
  repos: Repositories;
  loaders: Loaders;
  /** Today in China, `YYYY-MM-DD`: the default `activeOn`. */
  today: string;
  /** Who sends the request (token subject and role), anonymous without a token. */
  caller: Caller;
}
