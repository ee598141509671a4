export * from './uscc';
export * from './resident-id';
