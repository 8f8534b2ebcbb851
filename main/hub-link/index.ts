export { HubLink } from './hub-link';
export type { HubAckOk, HubCommandInput, HubLinkEvents, HubLinkOptions } from './hub-link';
export { CaseStore } from './case-store';
