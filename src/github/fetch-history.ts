// A workflow's checkout is shallow by default (actions/checkout: one commit, one branch). Before a scan, fetch
// what the plan needs: the commits it names, the other branches a new branch is compared with, and enough history
// that the scanned commits do not reach the shallow cut (deepening step by step, then all of it). Best effort:
// when fetching fails, the scan's own checks stop it with the exact setting to change.
import { GitError } from '../git/git-error.js';
import { hasCommit, isShallow } from '../git/repository.js';
import { gitOutput } from '../git/run-git.js';
import type { Logger } from '../logger.js';
import { namedRevisions } from '../source/revision-names.js';
import { assertHistoryComplete, assertRevisionsExist } from '../source/revisions.js';
import type { ScanPlan } from './event-plan.js';

const BRANCHES = '+refs/heads/*:refs/remotes/origin/*';
const TAGS = '+refs/tags/*:refs/tags/*';
/** How far each round deepens the shallow history before the last resort, all of it. */
const DEEPEN_STEPS = [50, 500, 5000];

const FETCH_DEPTH_FIX = 'set `fetch-depth: 0` in actions/checkout';

/** rev-list arguments that select the commits a plan scans, or null for the whole history. */
function revListArgs(plan: ScanPlan): string[] | null {
  if (plan.source?.kind === 'range') return [plan.source.range];
  if (plan.source?.kind === 'push') return plan.source.revs;
  return null;
}

/** Whether every commit the scan selects is here, down to where it meets history it excludes. */
async function complete(cwd: string, args: string[]): Promise<boolean> {
  try {
    await assertRevisionsExist(cwd, namedRevisions(args));
    await assertHistoryComplete(cwd, args, 'the commits');
    return true;
  } catch (error) {
    if (error instanceof GitError && (error.kind === 'missing-history' || error.kind === 'unknown-revision'))
      return false;
    throw error;
  }
}

async function fetch(cwd: string, args: string[], logger: Logger): Promise<void> {
  logger.info(`git fetch ${args.join(' ')}`);
  await gitOutput(cwd, ['fetch', '--quiet', ...args]);
}

/**
 * Fetch what `plan` needs. Returns null when done, else why the history could not be completed (the caller says
 * so, or tries the plan's fallback).
 */
export async function fetchHistory(cwd: string, plan: ScanPlan, logger: Logger): Promise<string | null> {
  if (plan.source === null) return null;
  try {
    const shallow = await isShallow(cwd);
    const missing: string[] = [];
    for (const sha of plan.fetch.commits) if (!(await hasCommit(cwd, sha))) missing.push(sha);
    if (plan.fetch.everything) {
      // Even a complete clone may hold only some branches (a single-branch clone made by hand).
      await fetch(cwd, [...(shallow ? ['--unshallow'] : []), 'origin', BRANCHES, TAGS, ...missing], logger);
      return null;
    }
    const refspecs = [...missing, ...(plan.fetch.otherBranches ? [BRANCHES] : [])];
    if (refspecs.length > 0) {
      // One commit deep first: cheap, and the rounds below go only as deep as the scan needs.
      await fetch(cwd, ['--no-tags', ...(shallow ? ['--depth=1'] : []), 'origin', ...refspecs], logger);
    }
    const args = revListArgs(plan);
    if (args === null || !shallow) return null;
    for (const depth of DEEPEN_STEPS) {
      if (await complete(cwd, args)) return null;
      await fetch(cwd, ['--no-tags', `--deepen=${depth}`, 'origin', ...plan.fetch.commits], logger);
    }
    if (await complete(cwd, args)) return null;
    await fetch(cwd, ['--no-tags', '--unshallow', 'origin', ...plan.fetch.commits], logger);
    return null;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return `could not fetch the history this scan needs (${why}): ${FETCH_DEPTH_FIX}`;
  }
}

/**
 * A new branch's commits are those no other branch has; but a branch that already holds the new tip may have been
 * pushed with it or since (`git push origin HEAD:a HEAD:b`, a branch made from it while this run queued), and no
 * run scanned those commits for it either: compared with each other, every such branch would pass clean. So
 * branches holding the tip are left out of the comparison, except the default branch, whose pushes are scanned.
 * Returns null when no branch holds the tip, else the plan that scans their commits too and a notice saying so.
 */
export async function leaveOutBranchesHolding(
  cwd: string,
  plan: ScanPlan,
): Promise<{ plan: ScanPlan; notice: string } | null> {
  if (!plan.newRef || plan.source?.kind !== 'push') return null;
  const { head, defaultBranch } = plan.newRef;
  const { revs } = plan.source;
  const kept = ['origin/HEAD', ...(defaultBranch !== null ? [`origin/${defaultBranch}`] : [])];
  const holding = (
    await gitOutput(cwd, [
      'for-each-ref',
      '--format=%(refname)',
      `--contains=${head}`,
      'refs/remotes/origin/',
    ])
  )
    .split('\n')
    .map((ref) => ref.slice('refs/remotes/'.length))
    .filter((name) => name !== '' && !kept.includes(name) && !revs.includes(`--exclude=${name}`));
  if (holding.length === 0) return null;
  const at = revs.indexOf('--remotes=origin');
  const compared = [...revs.slice(0, at), ...holding.map((name) => `--exclude=${name}`), ...revs.slice(at)];
  const branches = holding.map((name) => name.slice('origin/'.length)).join(', ');
  return {
    plan: { ...plan, source: { kind: 'push', revs: compared } },
    notice:
      `${holding.length === 1 ? 'the branch' : 'the branches'} ${branches} already ` +
      `${holding.length === 1 ? 'holds' : 'hold'} the pushed commit (pushed with it or since): not taken as ` +
      'scanned, their commits are scanned here too',
  };
}
