export { startEmbeddedDemo } from './embedded';
export type { EmbeddedDemo, EmbeddedOptions } from './embedded';
