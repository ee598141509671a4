export * from './card-number';
export * from './member-code';
