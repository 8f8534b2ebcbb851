export { ConfigError, isLoopbackHost, parseConfig, TOKEN_PATTERN, wantsHelp } from './config';
export type { Config, ParseOptions } from './config';
export { USAGE } from './usage';
