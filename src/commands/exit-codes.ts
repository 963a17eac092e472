/** Exit codes of every command (DESIGN 6). */
export enum ExitCode {
  Ok = 0,
  /** Some sources failed; the others were still archived. */
  SomeFailed = 1,
  /** Bad usage or configuration. */
  Usage = 2,
  /** The archive is locked by another run. */
  Locked = 3,
}
