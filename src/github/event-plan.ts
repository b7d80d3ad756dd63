// What a workflow run should scan, read from the event that started it: a pull request's own commits, what a
// push added, or the whole history. Also where the settings come from (never from the change under review),
// whether the run is restricted (a fork's pull request has no secrets and a read-only token), and the pull
// request that the rotation issue names. Pure: the payload and the mode in, a plan out.
import { UsageError } from '../errors.js';
import type { SourceSpec } from '../types.js';

export type ActionMode = 'auto' | 'diff' | 'history' | 'audit';

export interface PullRequestInfo {
  number: number;
  /** The head commit, which no branch of the base repository may hold (a fork's). */
  head: string;
  url: string;
  title: string;
  author: string;
}

export interface ScanPlan {
  /** Null when there is nothing to scan (`nothing` says why). */
  source: SourceSpec | null;
  /** For people: "pull request #12 (3f2a…..9c1d…)". */
  description: string;
  /**
   * Commits that must be in the clone before the scan (a shallow checkout lacks them): fetched by sha. Remote
   * branches are fetched too when `otherBranches` (a new branch is scanned against every other branch).
   */
  fetch: { commits: string[]; otherBranches: boolean; everything: boolean };
  /** The trusted revision whose settings and baseline apply; null: the checked-out tree (history runs). */
  settingsFrom: string | null;
  /**
   * Whether same-line allow comments count: only when nothing scanned is the change under review (a scheduled or
   * manual run of the whole history). A pull request or a push must not silence its own keys.
   */
  allowComments: boolean;
  /** Why verify, respond and the issue are skipped (a fork's pull request), or null. */
  restricted: string | null;
  pullRequest: PullRequestInfo | null;
  /** Nothing to scan (a deleted branch), and why. */
  nothing: string | null;
  /** Said once in the log and the summary (a fallback taken, an assumption made). */
  notices: string[];
  /** What to scan instead when the plan's base cannot be fetched (a forced push whose old tip is gone). */
  fallback?: ScanPlan;
  /**
   * A new branch compared with the other branches: its tip, and the default branch, which always counts as
   * scanned. Another branch that holds the tip does not (see fetch-history.ts, leaveOutBranchesHolding).
   */
  newRef?: { head: string; defaultBranch: string | null };
}

export interface EventContext {
  eventName: string;
  /** The parsed payload; null when it could not be read (`payloadError` says why). */
  payload: Record<string, unknown> | null;
  payloadError: string | null;
  /** `owner/name` of the repository the workflow runs in. */
  repository: string;
  /** GITHUB_SHA. */
  sha: string;
  actor: string;
  /**
   * The scanned repository is not the one the event happened in (an organisation scan): the event says nothing
   * about it, so only its whole history is scanned, with its checked-out settings.
   */
  foreign?: boolean;
}

const ZERO = /^0+$/;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const DIFF_EVENTS = ['pull_request', 'pull_request_target', 'push', 'merge_group'];

/** Throws UsageError when `mode: diff` meets an event that has no diff. */
export function planScan(mode: Exclude<ActionMode, 'audit'>, event: EventContext): ScanPlan {
  if (event.foreign) {
    if (mode === 'diff') {
      throw new UsageError(
        `mode: diff scans what an event changed, and this '${event.eventName}' event happened in another ` +
          `repository than ${event.repository}: use \`mode: history\``,
      );
    }
    return historyPlan(null);
  }
  if (event.payload === null) return unreadablePayload(mode, event, event.payloadError);
  let plan: ScanPlan | null;
  try {
    plan = diffPlan(event, event.payload);
  } catch (error) {
    if (error instanceof PayloadError) return unreadablePayload(mode, event, error.message);
    throw error;
  }
  if (mode === 'history') return historyPlan(plan);
  if (plan) return plan;
  if (mode === 'diff') {
    throw new UsageError(
      `mode: diff needs a ${DIFF_EVENTS.join(', ')} event, and this run is a '${event.eventName}' event: use ` +
        '`mode: history` (or `auto`, which scans the whole history for it)',
    );
  }
  return historyPlan(null);
}

function historyPlan(diff: ScanPlan | null): ScanPlan {
  // The checked-out tree of a pull request or a push is the change under review: the event's trusted
  // revision applies even here. Other events check out the ref the workflow itself runs from.
  const settingsFrom = diff && diff.source !== null ? diff.settingsFrom : 'HEAD';
  // A pull request's head is on no branch here (pull_request_target checks out the base): named, it is scanned,
  // and a head that cannot be fetched stops the scan instead of passing unseen.
  const include = diff?.pullRequest ? [diff.pullRequest.head] : [];
  return {
    source: { kind: 'all', ...(include.length > 0 ? { include } : {}) },
    description: 'the whole history',
    fetch: { commits: include, otherBranches: true, everything: true },
    settingsFrom,
    allowComments: diff === null,
    restricted: diff?.restricted ?? null,
    pullRequest: diff?.pullRequest ?? null,
    nothing: null,
    notices: diff?.notices ?? [],
  };
}

/** Without a payload the change cannot be told apart: scan everything, trust nothing checked out. */
function unreadablePayload(
  mode: Exclude<ActionMode, 'audit'>,
  event: EventContext,
  why: string | null,
): ScanPlan {
  const prEvent = event.eventName.startsWith('pull_request');
  return {
    source: { kind: 'all' },
    description: 'the whole history',
    fetch: { commits: [], otherBranches: true, everything: true },
    // A pull request's checkout is its head: never take settings from it.
    settingsFrom: prEvent ? null : 'HEAD',
    allowComments: !DIFF_EVENTS.includes(event.eventName),
    restricted: null,
    pullRequest: null,
    nothing: null,
    notices: [
      `cannot read the '${event.eventName}' event payload (${why ?? 'none was given'}): scanning the whole ` +
        'history instead of ' +
        `${mode === 'history' ? 'it' : 'what the event changed'}`,
    ],
  };
}

function diffPlan(event: EventContext, payload: Record<string, unknown>): ScanPlan | null {
  switch (event.eventName) {
    case 'pull_request':
    case 'pull_request_target':
      return pullRequestPlan(event, payload);
    case 'push':
      return pushPlan(payload);
    case 'merge_group':
      return mergeGroupPlan(payload);
    default:
      return null;
  }
}

function pullRequestPlan(event: EventContext, payload: Record<string, unknown>): ScanPlan {
  const pr = record(payload.pull_request, 'pull_request');
  const base = sha(record(pr.base, 'pull_request.base').sha, 'pull_request.base.sha');
  const headPart = record(pr.head, 'pull_request.head');
  const head = sha(headPart.sha, 'pull_request.head.sha');
  const number = typeof pr.number === 'number' ? pr.number : Number(payload.number);
  const headRepo = headPart.repo === null ? null : optionalRecord(headPart.repo);
  const headRepoName = typeof headRepo?.full_name === 'string' ? headRepo.full_name : null;
  const fork = headRepoName === null || headRepoName.toLowerCase() !== event.repository.toLowerCase();
  let restricted: string | null = null;
  // pull_request_target runs in the base repository's context, with its secrets: only pull_request is limited.
  if (event.eventName === 'pull_request' && fork) {
    restricted = `a pull request from ${headRepoName ? `the fork ${headRepoName}` : 'a deleted fork'}`;
  } else if (event.eventName === 'pull_request' && event.actor === 'dependabot[bot]') {
    restricted = 'a pull request by Dependabot';
  }
  const user = optionalRecord(pr.user);
  return {
    source: { kind: 'range', range: `${base}..${head}` },
    description: `pull request #${number} (${base.slice(0, 12)}..${head.slice(0, 12)})`,
    fetch: { commits: [base, head], otherBranches: false, everything: false },
    settingsFrom: base,
    allowComments: false,
    restricted,
    pullRequest: {
      number,
      head,
      url: typeof pr.html_url === 'string' ? pr.html_url : '',
      title: typeof pr.title === 'string' ? pr.title : '',
      author: typeof user?.login === 'string' ? user.login : '',
    },
    nothing: null,
    notices: [],
  };
}

function pushPlan(payload: Record<string, unknown>): ScanPlan {
  const ref = typeof payload.ref === 'string' ? payload.ref : '';
  const before = typeof payload.before === 'string' ? payload.before : '';
  const after = typeof payload.after === 'string' ? payload.after : '';
  const common = { allowComments: false, restricted: null, pullRequest: null, notices: [] as string[] };
  if (payload.deleted === true || (after !== '' && ZERO.test(after))) {
    return {
      ...common,
      source: null,
      description: `the deletion of ${ref}`,
      fetch: { commits: [], otherBranches: false, everything: false },
      settingsFrom: null,
      nothing: `the push deleted ${ref || 'a ref'}: nothing was added`,
    };
  }
  const head = sha(after, 'after');
  if (before === '' || ZERO.test(before) || payload.created === true) return newRefPlan(payload, ref, head);
  const base = sha(before, 'before');
  const forced = payload.forced === true;
  const plan: ScanPlan = {
    ...common,
    source: { kind: 'range', range: `${base}..${head}` },
    description: `the ${forced ? 'forced ' : ''}push to ${ref} (${base.slice(0, 12)}..${head.slice(0, 12)})`,
    fetch: { commits: [base, head], otherBranches: false, everything: false },
    settingsFrom: base,
    nothing: null,
  };
  if (!forced) return plan;
  // The overwritten tip may be gone from the remote: then compare with every other branch, as for a new one.
  const fallback = newRefPlan(payload, ref, head);
  fallback.notices.unshift(
    `the forced push's old tip ${base.slice(0, 12)} cannot be fetched: scanning the commits of ${ref} that no ` +
      'other branch has instead',
  );
  return { ...plan, fallback };
}

/**
 * A new branch or tag: its commits that no other branch has. The default branch's settings apply (the new
 * ref's own are the change under review); a repository's first push has no other branch to trust.
 */
function newRefPlan(payload: Record<string, unknown>, ref: string, head: string): ScanPlan {
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  const repo = optionalRecord(payload.repository);
  const defaultBranch = typeof repo?.default_branch === 'string' ? repo.default_branch : null;
  const trusted =
    defaultBranch !== null && defaultBranch !== branch ? `refs/remotes/origin/${defaultBranch}` : null;
  const notices: string[] = [];
  if (trusted === null) {
    notices.push(
      `${ref || 'the pushed ref'} is new and no other branch holds trusted settings: the checked-out settings ` +
        'apply, without the ones that steer verification and the response',
    );
  }
  return {
    source: {
      kind: 'push',
      revs: [head, '--not', ...(branch ? [`--exclude=origin/${branch}`] : []), '--remotes=origin'],
    },
    description: `the new ${branch ? `branch ${branch}` : ref || 'ref'}: its commits that no other branch has`,
    fetch: { commits: [head], otherBranches: true, everything: false },
    settingsFrom: trusted,
    allowComments: false,
    restricted: null,
    pullRequest: null,
    nothing: null,
    notices,
    // A tag's commits are scanned by the runs of the branches that hold them, however new those are.
    ...(branch !== null
      ? { newRef: { head, defaultBranch: defaultBranch !== branch ? defaultBranch : null } }
      : {}),
  };
}

function mergeGroupPlan(payload: Record<string, unknown>): ScanPlan {
  const group = record(payload.merge_group, 'merge_group');
  const base = sha(group.base_sha, 'merge_group.base_sha');
  const head = sha(group.head_sha, 'merge_group.head_sha');
  return {
    source: { kind: 'range', range: `${base}..${head}` },
    description: `the merge queue group (${base.slice(0, 12)}..${head.slice(0, 12)})`,
    fetch: { commits: [base, head], otherBranches: false, everything: false },
    settingsFrom: base,
    allowComments: false,
    restricted: null,
    pullRequest: null,
    nothing: null,
    notices: [],
  };
}

/** A malformed payload: named by the field that is wrong. */
class PayloadError extends Error {
  override name = 'PayloadError';
}

function record(value: unknown, field: string): Record<string, unknown> {
  const r = optionalRecord(value);
  if (r === null) throw new PayloadError(`the event payload has no '${field}' object`);
  return r;
}

function optionalRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function sha(value: unknown, field: string): string {
  if (typeof value !== 'string' || !SHA.test(value) || ZERO.test(value)) {
    throw new PayloadError(
      `the event payload's '${field}' is not a commit sha (got ${JSON.stringify(value) ?? 'nothing'})`,
    );
  }
  return value;
}
