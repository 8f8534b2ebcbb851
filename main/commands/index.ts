export { CommandQueue, type SubmitInput } from './command-queue';
export { CommandSender, type CommandLink } from './command-sender';
export { toConsoleCommand, type CommandArgs, type CommandRow } from './command-store';
