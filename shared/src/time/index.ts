export * from './business-day';
export * from './shanghai';
export * from './quarter';
