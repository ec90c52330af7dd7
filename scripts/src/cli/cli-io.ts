import type { Readable } from 'node:stream';

/**
 * What a command-line tool reads and writes, so its whole behaviour (output, messages, exit
 * code) can run in-process in tests; the entry file passes the real process's.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Standard input (the user CLI's --password-stdin); a terminal's is a tty.ReadStream. */
  stdin: Readable;
  /** The environment (LOUPE_DB). */
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  // Only touched when read: a tool that never reads stdin must not open it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
};
