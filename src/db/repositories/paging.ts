/** One page of a walk over a label in id order: how many it changed, and the last id read (null when it was the last page). */
export interface PageDone {
  changed: number;
  last: string | null;
}

/** Runs `page` from the first id to the last, each after the last id of the one before; how many changed in all. */
export async function everyPage(page: (after: string) => Promise<PageDone>): Promise<number> {
  let after = '';
  let total = 0;
  for (;;) {
    const done = await page(after);
    total += done.changed;
    if (done.last === null) return total;
    after = done.last;
  }
}
