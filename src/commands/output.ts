/** Where commands write: injectable so that tests can capture it. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal: progress is shown only there. */
  interactive: boolean;
  /** Rewrites the current terminal line (progress); a no-op off a terminal. */
  status(text: string): void;
}

// A reader that goes away (`newsmirror run --json | head`) must not kill a run halfway through its writes:
// output to a closed pipe is dropped, the work goes on.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

export const processOutput: Output = {
  stdout: (text) => process.stdout.write(text + '\n'),
  stderr: (text) => process.stderr.write(text + '\n'),
  interactive: Boolean(process.stderr.isTTY),
  status: (text) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
  },
};
