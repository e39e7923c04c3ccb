/** Rewrites one status line on a terminal; prints each change on its own line otherwise. */
export function progress(out: NodeJS.WriteStream = process.stdout): { show(line: string): void; done(line: string): void } {
  let last = '';
  const tty = out.isTTY === true;
  return {
    show(line) {
      if (line === last) return;
      last = line;
      out.write(tty ? `\r\x1b[K${line}` : `${line}\n`);
    },
    done(line) {
      out.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
    },
  };
}
