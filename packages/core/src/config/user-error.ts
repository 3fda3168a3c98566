/**
 * A problem the user can fix (missing variable, wrong key, unreachable server): the CLI prints the message as
 * one sentence, without a stack trace, and exits with `exitCode`.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly exitCode = 3,
  ) {
    super(message);
  }
}
