export * from './money';
export * from './errors';
export * from './codes';
export * from './kyc';
export * from './status';
export * from './api';
export * from './time';
export * from './privacy';
