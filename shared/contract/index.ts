export * from './access';
export * from './client';
export * from './commands';
export * from './envelope';
export * from './errors';
export * from './events';
export * from './requests';
