/** Where commands write: injectable so that tests can capture it. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: progress is shown only there. */
  interactive: boolean;
  /** Rewrites the current terminal line (progress); a no-op off a terminal. */
  status(text: string): void;
}

export const processOutput: Output = {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
  interactive: Boolean(process.stderr.isTTY),
  status: (text) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
  },
};
