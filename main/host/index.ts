export { createHost } from './host';
export type { Host, HostOptions } from './host';
export type { Emit, HandlerContext, Handlers, Services } from './types';
