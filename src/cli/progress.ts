/** `[#####-----]` for a fraction done. */
export function bar(fraction: number, width = 30): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** One progress line on stderr: redrawn in place on a terminal, one line each otherwise. */
export function writeProgress(line: string, finished: boolean): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${finished ? '\n' : ''}`);
  else process.stderr.write(`${line}\n`);
}

/** A one-line progress bar on stderr for long loads; quiet for small ones. */
export function progressBar(label: string, minimum = 2000): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    if (total < minimum) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === last) return;
    last = percent;
    // Off a terminal, every tenth percent is enough.
    if (process.stderr.isTTY || percent % 10 === 0) writeProgress(`${label} ${bar(done / total)} ${percent}% (${done}/${total})`, done >= total);
  };
}
