// One issue per thing to track, found again by a hidden marker in its body: the rotation issue of a leaked key
// (the Action) and the audit's rotation issues use the same open-or-update. A thing seen again comments on its
// issue, once per new sighting (also marked), instead of opening another; a closed issue is reopened when asked.
import type { GitHubClient, IssueRef, LabelSpec } from './github-client.js';

export interface TrackedIssue {
  /** Stable identity (for a key: its fingerprint); written as `<!-- secret-guard:fingerprint=… -->`. */
  fingerprint: string;
  title: string;
  /** The body of a new issue; the marker is appended here. */
  body: string;
  /** This sighting (e.g. commit, file and line): an existing issue gets one comment per sighting, ever. */
  sighting: { id: string; comment: string };
  /** Reopen the issue if it was closed (the key is live again). */
  reopen: boolean;
}

type IssueAction = 'opened' | 'commented' | 'reopened' | 'unchanged';

export interface IssueOutcome {
  action: IssueAction;
  number: number;
  url: string;
}

export function fingerprintMarker(fingerprint: string): string {
  return `<!-- secret-guard:fingerprint=${fingerprint} -->`;
}

function sightingMarker(id: string): string {
  return `<!-- secret-guard:sighting=${id} -->`;
}

/** A value safe inside an HTML comment: no `--`, no `>`, one line. */
function markerSafe(value: string): string {
  return value.replace(/[^A-Za-z0-9._:/@+=-]/g, '_').replace(/-{2,}/g, '-');
}

export class IssueTracker {
  readonly #client: GitHubClient;
  readonly #labels: readonly LabelSpec[];
  #issues: Promise<IssueRef[]> | null = null;
  #labelsReady: Promise<unknown> | null = null;

  /**
   * `labels` go on every new issue (created in the repository when missing); the first one narrows the search
   * for existing issues, so keep it on them.
   */
  constructor(client: GitHubClient, labels: readonly LabelSpec[]) {
    this.#client = client;
    this.#labels = labels;
  }

  /** Opens the issue, or comments on (and maybe reopens) the one with the same fingerprint. Throws GitHubError. */
  async openOrUpdate(tracked: TrackedIssue): Promise<IssueOutcome> {
    return (await this.#track(tracked, true))!;
  }

  /**
   * Comments on the open issue with the same fingerprint, if there is one (a key that no longer calls for a new
   * issue, such as one deactivated since, seen somewhere new); null when there is none. Throws GitHubError.
   */
  async updateIfTracked(tracked: TrackedIssue): Promise<IssueOutcome | null> {
    return this.#track(tracked, false);
  }

  async #track(tracked: TrackedIssue, open: boolean): Promise<IssueOutcome | null> {
    const marker = fingerprintMarker(markerSafe(tracked.fingerprint));
    const sighting = sightingMarker(markerSafe(tracked.sighting.id));
    // Issues are listed once per run; issues this run opens are added to the list.
    this.#issues ??= this.#client.listIssues(this.#labels[0]?.name ?? null);
    const issues = await this.#issues;
    const existing = issues.find((issue) => issue.body.includes(marker));
    if (!existing && !open) return null;
    if (existing && !open && existing.state === 'closed') return null;
    if (!existing) {
      this.#labelsReady ??= this.#client.ensureLabels(this.#labels);
      await this.#labelsReady;
      const created = await this.#client.createIssue({
        title: tracked.title,
        body: `${tracked.body}\n\n${marker}\n${sighting}\n`,
        labels: this.#labels.map((l) => l.name),
      });
      issues.push(created);
      return { action: 'opened', number: created.number, url: created.url };
    }
    const seen =
      existing.body.includes(sighting) ||
      (await this.#client.listComments(existing.number)).some((c) => c.includes(sighting));
    let action: IssueAction = 'unchanged';
    if (tracked.reopen && existing.state === 'closed') {
      await this.#client.reopen(existing.number);
      existing.state = 'open';
      action = 'reopened';
    }
    // A reopened issue always says why, even for a sighting it has seen before.
    if (!seen || action === 'reopened') {
      await this.#client.comment(existing.number, `${tracked.sighting.comment}\n\n${sighting}\n`);
      if (action === 'unchanged') action = 'commented';
    }
    return { action, number: existing.number, url: existing.url };
  }
}
