export * from './agreements';
export * from './void-clauses';
