// What a workflow run scans, from its event: table tests over payloads as GitHub sends them.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { planScan, type EventContext } from '../../src/github/event-plan.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

function event(eventName: string, payload: Record<string, unknown> | null, actor = 'octocat'): EventContext {
  return {
    eventName,
    payload,
    payloadError: payload === null ? 'ENOENT' : null,
    repository: 'acme/app',
    sha: B,
    actor,
  };
}

function pullRequest(headRepo: string | null, extra: Record<string, unknown> = {}) {
  return {
    number: 7,
    pull_request: {
      number: 7,
      title: 'Add deploy script',
      html_url: 'https://github.com/acme/app/pull/7',
      user: { login: 'dev' },
      base: { sha: A, ref: 'main' },
      head: { sha: B, ref: 'feature', repo: headRepo === null ? null : { full_name: headRepo } },
      ...extra,
    },
  };
}

describe('planScan', () => {
  it('scans a pull request base..head, with settings from the base', () => {
    const plan = planScan('auto', event('pull_request', pullRequest('acme/app')));
    expect(plan.source).toEqual({ kind: 'range', range: `${A}..${B}` });
    expect(plan.settingsFrom).toBe(A);
    expect(plan.restricted).toBeNull();
    expect(plan.pullRequest).toEqual({
      number: 7,
      head: B,
      url: 'https://github.com/acme/app/pull/7',
      title: 'Add deploy script',
      author: 'dev',
    });
    expect(plan.fetch).toEqual({ commits: [A, B], otherBranches: false, everything: false });
  });

  it.each([
    ['a fork', 'someone/app', 'octocat', 'a pull request from the fork someone/app'],
    ['a deleted fork', null, 'octocat', 'a pull request from a deleted fork'],
    ['Dependabot', 'acme/app', 'dependabot[bot]', 'a pull request by Dependabot'],
  ])('restricts a pull_request from %s (no secrets, read-only token)', (_, repo, actor, why) => {
    expect(planScan('auto', event('pull_request', pullRequest(repo), actor)).restricted).toBe(why);
  });

  it('does not restrict pull_request_target (it runs with the base repository’s secrets)', () => {
    const plan = planScan('auto', event('pull_request_target', pullRequest('someone/app')));
    expect(plan.restricted).toBeNull();
    expect(plan.settingsFrom).toBe(A);
  });

  it('scans a push before..after, with settings from before', () => {
    const plan = planScan('auto', event('push', { ref: 'refs/heads/main', before: A, after: B }));
    expect(plan.source).toEqual({ kind: 'range', range: `${A}..${B}` });
    expect(plan.settingsFrom).toBe(A);
    expect(plan.fallback).toBeUndefined();
  });

  it('scans a new branch for the commits no other branch has, with the default branch’s settings', () => {
    const plan = planScan(
      'auto',
      event('push', {
        ref: 'refs/heads/feature',
        before: ZERO,
        after: B,
        created: true,
        repository: { default_branch: 'main' },
      }),
    );
    expect(plan.source).toEqual({
      kind: 'push',
      revs: [B, '--not', '--exclude=origin/feature', '--remotes=origin'],
    });
    expect(plan.settingsFrom).toBe('refs/remotes/origin/main');
    expect(plan.fetch.otherBranches).toBe(true);
  });

  it('says so when a new branch has no other branch to take settings from', () => {
    const plan = planScan(
      'auto',
      event('push', {
        ref: 'refs/heads/main',
        before: ZERO,
        after: B,
        repository: { default_branch: 'main' },
      }),
    );
    expect(plan.settingsFrom).toBeNull();
    expect(plan.notices.join(' ')).toContain('no other branch holds trusted settings');
  });

  it('scans a forced push before..after, falling back to the new-branch scan when the old tip is gone', () => {
    const plan = planScan(
      'auto',
      event('push', {
        ref: 'refs/heads/feature',
        before: A,
        after: B,
        forced: true,
        repository: { default_branch: 'main' },
      }),
    );
    expect(plan.source).toEqual({ kind: 'range', range: `${A}..${B}` });
    expect(plan.description).toContain('forced push');
    expect(plan.fallback?.source).toEqual({
      kind: 'push',
      revs: [B, '--not', '--exclude=origin/feature', '--remotes=origin'],
    });
    expect(plan.fallback?.notices[0]).toContain('cannot be fetched');
  });

  it('has nothing to scan for a deleted branch', () => {
    const plan = planScan(
      'auto',
      event('push', { ref: 'refs/heads/x', before: A, after: ZERO, deleted: true }),
    );
    expect(plan.source).toBeNull();
    expect(plan.nothing).toContain('deleted refs/heads/x');
  });

  it.each(['workflow_dispatch', 'schedule'])(
    'scans the whole history for %s, with the checked-out settings',
    (name) => {
      const plan = planScan('auto', event(name, {}));
      expect(plan.source).toEqual({ kind: 'all' });
      expect(plan.settingsFrom).toBe('HEAD');
      expect(plan.fetch.everything).toBe(true);
    },
  );

  it('scans the whole history and the pull request’s head in history mode, keeping its base settings', () => {
    const plan = planScan('history', event('pull_request', pullRequest('acme/app')));
    expect(plan.source).toEqual({ kind: 'all', include: [B] });
    expect(plan.fetch.commits).toEqual([B]);
    expect(plan.settingsFrom).toBe(A);
  });

  it('scans the whole history of another repository than the event’s (an organisation scan)', () => {
    const foreign = { ...event('pull_request', pullRequest('acme/app')), foreign: true };
    const plan = planScan('auto', foreign);
    expect(plan.source).toEqual({ kind: 'all' });
    expect(plan.settingsFrom).toBe('HEAD');
    expect(plan.pullRequest).toBeNull();
    expect(() => planScan('diff', foreign)).toThrow(/another repository/);
  });

  it('refuses diff mode for an event without a diff, naming the fix', () => {
    expect(() => planScan('diff', event('schedule', {}))).toThrow(UsageError);
    expect(() => planScan('diff', event('schedule', {}))).toThrow(/mode: history/);
  });

  it.each([
    ['no payload at all', null],
    ['a pull request without a base', { pull_request: { head: { sha: B } } }],
    ['a sha that is not one', { pull_request: { base: { sha: 'main' }, head: { sha: B } } }],
  ])('falls back to the whole history, untrusted, for %s', (_, payload) => {
    const plan = planScan('auto', event('pull_request', payload));
    expect(plan.source).toEqual({ kind: 'all' });
    expect(plan.settingsFrom).toBeNull();
    expect(plan.notices[0]).toMatch(/cannot read the 'pull_request' event payload/);
  });
});
