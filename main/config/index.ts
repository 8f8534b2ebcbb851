export { ConfigError, isLoopbackHost, parseConfig } from './config';
export type { Config, ParseOptions } from './config';
