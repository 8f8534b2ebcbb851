export { loadDemoDirectory, startEmbeddedDemo } from './embedded';
export type { EmbeddedDemo, EmbeddedOptions } from './embedded';
