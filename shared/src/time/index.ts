export * from './business-day';
export * from './shanghai';
