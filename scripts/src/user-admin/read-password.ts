import type { Readable } from 'node:stream';
import { ReadStream } from 'node:tty';

/**
 * The password for --password-stdin: all of `stdin` with one trailing newline removed
 * (`printf '%s\n' "$P" | …` and `… < file` both work). On a terminal, a prompt on stderr that does
 * not echo what is typed, asked twice.
 */
export async function readPassword(stdin: Readable, stderr: (text: string) => void): Promise<string> {
  if (stdin instanceof ReadStream && stdin.isTTY) {
    const first = await promptHidden(stdin, stderr, 'Password: ');
    const again = await promptHidden(stdin, stderr, 'Repeat it: ');
    if (first !== again) throw new Error('the two passwords differ');
    return first;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function promptHidden(stdin: ReadStream, stderr: (text: string) => void, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const done = (err?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chars: string) => {
      for (const ch of chars) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('cancelled')); // Ctrl-C
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
