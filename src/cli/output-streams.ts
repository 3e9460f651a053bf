// Standard output as the commands that print journals use it (`logs`, `history`).

/** `runbook logs … | head`: a reader that stops early is not an error. */
export function ignoreEpipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
