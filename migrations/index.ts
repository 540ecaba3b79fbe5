import { Foundation1764300000000 } from './1764300000000-foundation';

/** Every migration, in order; the app, the CLI and the tests run this list. */
export const migrations = [Foundation1764300000000];
