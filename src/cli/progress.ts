/** A one-line progress bar on stderr for long loads; quiet for small ones. */
export function progressBar(label: string, minimum = 2000): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    if (total < minimum) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === last) return;
    last = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% (${done}/${total})`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (percent % 10 === 0) process.stderr.write(`${line}\n`);
  };
}
