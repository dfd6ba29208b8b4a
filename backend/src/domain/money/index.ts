export * from './currencies';
export * from './money';
export * from './exchange';
export * from './provider-amounts';
