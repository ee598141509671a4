import { Foundation1764057600000 } from './1764057600000-foundation';

/** Every migration, in order. Committed migrations are never rewritten; add a new one instead. */
export const MIGRATIONS = [Foundation1764057600000];
