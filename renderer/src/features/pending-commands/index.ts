export { CaseCommandNotice } from './CaseCommandNotice';
export { PendingCommands } from './PendingCommands';
