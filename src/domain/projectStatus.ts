import type { ProjectStatus } from './entities';

/**
 * A project's status as of a day, from the status its sources state and the dates they give.
 * A status stated by a page holds as of that page's date (an undated page: as of when it was
 * captured), not for ever: ICMPD's "Ongoing Projects" page lists projects whose own durations
 * ended in 2018 and 2019 (issue 17). The rule, in order:
 *
 *   1. a stated CANCELLED, SUSPENDED or COMPLETED stands: the dates cannot undo it;
 *   2. a stated end that has passed (its last possible day is before today): COMPLETED;
 *   3. a stated start still to come (its first possible day is after today): PLANNED;
 *   4. otherwise the stated status (none when none is stated).
 *
 * `basis` says whether the answer is the stated status or one the dates gave. The graph keeps
 * the result on each project (`derivedStatus`, `statusBasis`), refreshed by every load, every
 * curation of a project and every start-up, so that the `status` filter stays an indexed
 * property comparison.
 */

export type StatusBasis = 'STATED' | 'DERIVED';

export interface DerivedStatus {
  status: ProjectStatus | null;
  basis: StatusBasis | null;
}

/** Statuses the dates never override. */
const FINAL: ReadonlySet<ProjectStatus> = new Set(['CANCELLED', 'SUSPENDED', 'COMPLETED']);

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The status of a project on `today` (YYYY-MM-DD). `startDate` is the first day the stated
 * start can mean and `endDate` the last day the stated end can mean, as the graph stores them
 * (an end "2019-05" is 2019-05-31), so that a project is never called finished before its
 * stated end could have come.
 */
export function deriveStatus(stated: ProjectStatus | null, startDate: string | null, endDate: string | null, today: string): DerivedStatus {
  if (!ISO_DAY.test(today)) throw new Error(`today must be a date YYYY-MM-DD; got "${today}"`);
  if (stated !== null && FINAL.has(stated)) return { status: stated, basis: 'STATED' };
  if (endDate !== null && endDate < today) return { status: 'COMPLETED', basis: 'DERIVED' };
  if (startDate !== null && startDate > today) return stated === 'PLANNED' ? { status: stated, basis: 'STATED' } : { status: 'PLANNED', basis: 'DERIVED' };
  return stated === null ? { status: null, basis: null } : { status: stated, basis: 'STATED' };
}

/** Today's date in UTC, YYYY-MM-DD: the default clock of the status rule. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
