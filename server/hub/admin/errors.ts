/** The two ways an admin command fails, mapped to exit codes by run.ts. */

/** The operation was refused (unknown user, short password, …): exit 1, message on stderr. */
export class AdminRefusal extends Error {
  override name = 'AdminRefusal';
}

/** The command line itself is wrong: exit 2, message and usage on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}
