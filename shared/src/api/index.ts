export * from './auth';
export * from './merchants';
export * from './cards';
export * from './redemption';
export * from './payments';
export * from './settlement';
export * from './back-office';
export * from './files';
