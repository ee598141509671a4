export * from './card-number';
