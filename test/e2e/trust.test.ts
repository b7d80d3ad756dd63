// The change under review never decides how it is judged: a pull request's own settings, baseline and response
// policy, against `--settings-from <base>` and `--config`, through the bundled CLI in CI (CI=true), with the local
// IAM/STS server recording every call.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempRepos, type TempRepo } from '../helpers/git-repo.js';
import { makeKeyId, makeSecret } from '../helpers/keys.js';
import { ACCOUNT, setUp, type Fixture } from '../verify/aws-fixture.js';

const repo = tempRepos();

interface Report {
  findings: Array<{
    rule: string;
    file: string;
    keyId: string | null;
    verification: { status: string } | null;
    response: { action: string } | null;
  }>;
  summary: {
    suppressed: Record<string, number>;
    settingsChanges: Array<{ file: string; kind: string; summary: string[] }>;
  };
}

const CI = { CI: 'true' };

/** The key ids of the findings in one file. */
function findingsIn(report: Report, file: string): Array<string | null> {
  return report.findings.filter((f) => f.file === file).map((f) => f.keyId);
}
const TIMEOUT = 60_000;

/** A repository whose `main` holds `baseSettings` and whose `pr` branch adds `files` on top. */
function pullRequest(baseSettings: string | null, files: Record<string, string>): TempRepo {
  const r = repo();
  r.commit({ 'README.md': 'app\n', ...(baseSettings === null ? {} : { '.secret-guard.yml': baseSettings }) });
  r.git('checkout', '-q', '-b', 'pr');
  r.commit(files, 'pull request');
  return r;
}

function envFile(keyId: string, secret: string): string {
  return `AWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`;
}

function json(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

describe('settings from a trusted place (CI)', () => {
  it(
    'a pull request\'s own allow.paths: ["**"] does not hide its key from --settings-from <base>',
    async () => {
      const keyId = makeKeyId();
      const r = pullRequest('allow:\n  paths: ["test/fixtures/**"]\n', {
        'deploy/app.env': envFile(keyId, makeSecret()),
        '.secret-guard.yml': 'allow:\n  paths: ["**"]\n',
      });

      const pinned = await runCli(
        ['scan', '--range', 'main..pr', '--settings-from', 'main', '--format', 'json'],
        {
          cwd: r.dir,
          env: CI,
        },
      );
      expect(pinned.exitCode).toBe(1);
      const report = json(pinned.stdout);
      expect(report.findings.map((f) => f.keyId)).toEqual([keyId, keyId]);
      expect(report.summary.suppressed).toEqual({});
      // And the change is news.
      expect(report.summary.settingsChanges).toEqual([
        { file: '.secret-guard.yml', kind: 'config', summary: ['allow.paths adds "**"'] },
      ]);

      // Unpinned in CI, a range takes its settings from where it starts, not from the work tree (the pull
      // request's own): the key is reported, and the change is news.
      const unpinned = await runCli(['scan', '--range', 'main..pr'], { cwd: r.dir, env: CI });
      expect(unpinned.exitCode).toBe(1);
      expect(unpinned.stderr).toContain('settings and baseline from main, where the range starts');
      expect(unpinned.stdout).toContain("The scanned commits change secret-guard's own settings");
      expect(unpinned.stdout).toContain('allow.paths adds "**"');
    },
    TIMEOUT,
  );

  it(
    'a baseline the pull request generated itself hides nothing from --settings-from or --config',
    async () => {
      const keyId = makeKeyId();
      const r = pullRequest(null, { 'deploy/app.env': envFile(keyId, makeSecret()) });
      const made = await runCli(['baseline', '--range', 'main..pr'], { cwd: r.dir });
      expect(made.exitCode).toBe(0);
      r.commit({}, 'accept my own key');
      expect(r.git('show', '--name-only', '--format=', 'HEAD')).toBe('.secret-guard-baseline.json');

      // Unpinned in CI, the range's start holds no baseline: the pull request's own suppresses nothing.
      const unpinned = await runCli(['scan', '--range', 'main..pr', '--format', 'json'], {
        cwd: r.dir,
        env: CI,
      });
      expect(unpinned.exitCode).toBe(1);
      expect(json(unpinned.stdout).summary.suppressed).toEqual({});
      // Outside CI (a developer's own range), the work tree's baseline applies.
      const local = await runCli(['scan', '--range', 'main..pr', '--format', 'json'], { cwd: r.dir });
      expect(local.exitCode).toBe(0);
      expect(json(local.stdout).summary.suppressed).toEqual({ baseline: 3 });

      const pinned = await runCli(
        ['scan', '--range', 'main..pr', '--settings-from', 'main', '--format', 'json'],
        {
          cwd: r.dir,
          env: CI,
        },
      );
      expect(pinned.exitCode).toBe(1);
      const report = json(pinned.stdout);
      expect(findingsIn(report, 'deploy/app.env')).toEqual([keyId, keyId]);
      const [change] = report.summary.settingsChanges;
      expect(change?.file).toBe('.secret-guard-baseline.json');
      expect(change?.summary).toHaveLength(2);
      expect(change?.summary.join('\n')).toContain(`accepts access key id ${keyId}`);

      // A configuration pinned with --config no longer brings the repository root's baseline with it.
      const workflow = mkdtempSync(join(tmpdir(), 'sg-workflow-'));
      writeFileSync(join(workflow, 'secret-guard.yml'), 'allow:\n  comments: false\n');
      const config = await runCli(
        ['scan', '--range', 'main..pr', '--config', join(workflow, 'secret-guard.yml'), '--format', 'json'],
        { cwd: r.dir, env: CI },
      );
      expect(config.exitCode).toBe(1);
      expect(findingsIn(json(config.stdout), 'deploy/app.env')).toEqual([keyId, keyId]);

      // --no-baseline: none at all, even outside CI.
      const none = await runCli(['scan', '--range', 'main..pr', '--no-baseline'], { cwd: r.dir });
      expect(none.exitCode).toBe(1);
    },
    TIMEOUT,
  );
});

describe("the pull request's response settings are not used (CI, --respond)", () => {
  let fixture: Fixture;
  beforeEach(async () => {
    fixture = await setUp('respond');
  });
  afterEach(async () => {
    await fixture.close();
  });

  function awsEnv(): NodeJS.ProcessEnv {
    const credentials = fixture.aws.credentials as { accessKeyId: string; secretAccessKey: string };
    return {
      ...CI,
      AWS_ENDPOINT_URL_IAM: fixture.server.url,
      AWS_ENDPOINT_URL_STS: fixture.server.url,
      AWS_ENDPOINT_URL_CLOUDTRAIL: fixture.server.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    };
  }

  /** Every call that changes something in IAM, as `Action` or `Action PolicyName`. */
  function mutatingCalls(): string[] {
    return fixture.server.calls
      .filter((c) => c.service === 'iam' && !/^(Get|List)/.test(c.action))
      .map((c) => (c.params.PolicyName ? `${c.action} ${c.params.PolicyName}` : c.action));
  }

  /** A live key of user `app` committed on `pr`, with the pull request's own `.secret-guard.yml`. */
  function leakWithOwnSettings(baseSettings: string, prSettings: string) {
    fixture.server.addUser(ACCOUNT, 'app');
    const leaked = fixture.server.addKey(ACCOUNT, 'app');
    const r = pullRequest(baseSettings, {
      'deploy/app.env': envFile(leaked.accessKeyId, leaked.secretAccessKey),
      '.secret-guard.yml': prSettings,
    });
    return { r, leaked };
  }

  it(
    '--settings-from <base>: quarantine: deny-all from the pull request is not applied',
    async () => {
      const { r, leaked } = leakWithOwnSettings(
        'response:\n  tagUser: false\n',
        'response:\n  quarantine: deny-all\n  tagUser: true\n',
      );
      const result = await runCli(
        ['scan', '--range', 'main..pr', '--settings-from', 'main', '--respond', '--format', 'json'],
        { cwd: r.dir, env: awsEnv() },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stdout + result.stderr).not.toContain(leaked.secretAccessKey);
      const report = json(result.stdout);
      expect(report.findings.map((f) => f.keyId)).toEqual([leaked.accessKeyId, leaked.accessKeyId]);
      // The base's response settings: deactivate and revoke older sessions; no tag, no quarantine.
      expect(mutatingCalls()).toEqual(['UpdateAccessKey', 'PutUserPolicy SecretGuardRevokeOlderSessions']);
      expect(fixture.server.keyStatus(leaked.accessKeyId)).toBe('Inactive');
      expect(fixture.server.user(ACCOUNT, 'app')?.policies).not.toHaveProperty(
        'SecretGuardQuarantineDenyAll',
      );
      expect(report.summary.settingsChanges).toEqual([
        {
          file: '.secret-guard.yml',
          kind: 'config',
          summary: [
            'response.quarantine is now "deny-all" (was "none")',
            'response.tagUser is now true (was false)',
          ],
        },
      ]);
    },
    TIMEOUT,
  );

  it(
    "unpinned: the range start's settings apply, not the pull request's response settings, and the run says so",
    async () => {
      const { r } = leakWithOwnSettings('{}\n', 'response:\n  quarantine: deny-all\n');
      const result = await runCli(['scan', '--range', 'main..pr', '--respond', '--format', 'json'], {
        cwd: r.dir,
        env: awsEnv(),
      });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain('settings and baseline from main, where the range starts');
      expect(result.stderr).toContain('pin with --settings-from or --config');
      expect(mutatingCalls()).not.toContain('PutUserPolicy SecretGuardQuarantineDenyAll');
      expect(mutatingCalls()).toEqual([
        'UpdateAccessKey',
        'PutUserPolicy SecretGuardRevokeOlderSessions',
        'TagUser',
      ]);
    },
    TIMEOUT,
  );
  it(
    "an exposed key id: the pull request's own response.keyIdOnly: deactivate is not honoured",
    async () => {
      fixture.server.addUser(ACCOUNT, 'colleague');
      const exposed = fixture.server.addKey(ACCOUNT, 'colleague');
      const r = pullRequest('{}\n', {
        'NOTES.md': `The old key ${exposed.accessKeyId} was rotated.\n`,
        '.secret-guard.yml': 'response:\n  keyIdOnly: deactivate\n',
      });
      for (const pin of [[], ['--settings-from', 'main']]) {
        const result = await runCli(
          ['scan', '--range', 'main..pr', ...pin, '--respond', '--format', 'json'],
          {
            cwd: r.dir,
            env: awsEnv(),
          },
        );
        expect(result.exitCode).toBe(1);
        const [finding] = findingsIn(json(result.stdout), 'NOTES.md');
        expect(finding).toBe(exposed.accessKeyId);
        expect(json(result.stdout).findings.find((f) => f.file === 'NOTES.md')?.verification?.status).toBe(
          'exposed-id',
        );
      }
      expect(mutatingCalls()).toEqual([]);
      expect(fixture.server.keyStatus(exposed.accessKeyId)).toBe('Active');

      // The same setting from the trusted base is honoured: the exposed key is deactivated.
      r.git('checkout', '-q', 'main');
      r.commit(
        { '.secret-guard.yml': 'response:\n  keyIdOnly: deactivate\n  tagUser: false\n' },
        'trusted setting',
      );
      r.git('checkout', '-q', 'pr');
      const trusted = await runCli(
        ['scan', '--range', 'main..pr', '--settings-from', 'main', '--respond', '--format', 'json'],
        { cwd: r.dir, env: awsEnv() },
      );
      expect(trusted.exitCode).toBe(1);
      expect(mutatingCalls()).toEqual(['UpdateAccessKey', 'PutUserPolicy SecretGuardRevokeOlderSessions']);
      expect(fixture.server.keyStatus(exposed.accessKeyId)).toBe('Inactive');
    },
    TIMEOUT,
  );
});

describe("a change to the scanner's own settings is news, in every format", () => {
  it(
    'text, JSON and SARIF each say what the pull request now allows',
    async () => {
      const allowedId = makeKeyId();
      const r = pullRequest('allow:\n  comments: false\n', {
        '.secret-guard.yml': `allow:\n  keyIds: ["${allowedId}"]\n`,
        '.gitattributes': '*.env -diff\n',
        'src/app.ts': 'export {};\n',
      });
      const expected = [
        {
          file: '.gitattributes',
          kind: 'gitattributes',
          summary: ['"*.env -diff" marks *.env as without a diff (-diff)'],
        },
        {
          file: '.secret-guard.yml',
          kind: 'config',
          summary: [
            `allow.keyIds adds ${allowedId}`,
            'allow.comments turned on: same-line allow comments count',
          ],
        },
      ];
      const scan = async (format: string) =>
        runCli(['scan', '--range', 'main..pr', '--settings-from', 'main', '--format', format], {
          cwd: r.dir,
          env: CI,
        });

      const text = await scan('text');
      // The allowed id in .secret-guard.yml is itself found: base settings do not allow it.
      expect(text.exitCode).toBe(1);
      expect(text.stdout).toContain(
        [
          "⚠ The scanned commits change secret-guard's own settings; make sure this is meant:",
          '  .gitattributes:',
          '    - "*.env -diff" marks *.env as without a diff (-diff)',
          '  .secret-guard.yml:',
          `    - allow.keyIds adds ${allowedId}`,
          '    - allow.comments turned on: same-line allow comments count',
        ].join('\n'),
      );

      expect(json((await scan('json')).stdout).summary.settingsChanges).toEqual(expected);

      const sarif = JSON.parse((await scan('sarif')).stdout) as {
        runs: Array<{
          properties: { settingsChanges: unknown };
          invocations: Array<{
            toolExecutionNotifications: Array<{ level: string; message: { text: string } }>;
          }>;
        }>;
      };
      const run = sarif.runs[0]!;
      expect(run.properties.settingsChanges).toEqual(expected);
      expect(run.invocations[0]!.toolExecutionNotifications.map((n) => n.level)).toEqual([
        'warning',
        'warning',
      ]);
      expect(run.invocations[0]!.toolExecutionNotifications[1]!.message.text).toContain(
        `.secret-guard.yml: allow.keyIds adds ${allowedId}`,
      );
    },
    TIMEOUT,
  );
});

describe('bad input', () => {
  it(
    '--settings-from a revision that does not exist: exit 3, naming it',
    async () => {
      const r = pullRequest(null, { 'a.txt': 'a\n' });
      const result = await runCli(['scan', '--range', 'main..pr', '--settings-from', 'no-such-branch'], {
        cwd: r.dir,
        env: CI,
      });
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toMatch(/--settings-from: unknown revision 'no-such-branch'/);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    '--settings-from a revision without settings: the defaults, and the run says so',
    async () => {
      const keyId = makeKeyId();
      const r = pullRequest(null, {
        'deploy/app.env': envFile(keyId, makeSecret()),
        '.secret-guard.yml': 'allow:\n  keyIds: ["' + keyId + '"]\n',
      });
      const result = await runCli(
        ['scan', '--range', 'main..pr', '--settings-from', 'main', '--format', 'json'],
        {
          cwd: r.dir,
          env: CI,
        },
      );
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toContain(
        '--settings-from main: that revision has no .secret-guard.yml: the defaults apply',
      );
      expect(findingsIn(json(result.stdout), 'deploy/app.env')).toEqual([keyId, keyId]);
    },
    TIMEOUT,
  );

  it(
    '--settings-from a revision whose configuration is broken: exit 2, naming the revision and the key',
    async () => {
      const r = pullRequest('allow:\n  paths: "not a list"\n', { 'a.txt': 'a\n' });
      const result = await runCli(['scan', '--range', 'main..pr', '--settings-from', 'main'], { cwd: r.dir });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('main:.secret-guard.yml: allow.paths: must be a list');
    },
    TIMEOUT,
  );

  it(
    '--baseline with --no-baseline, or --settings-from without a revision: exit 2',
    async () => {
      const r = pullRequest(null, { 'a.txt': 'a\n' });
      const both = await runCli(['scan', '--all', '--baseline', 'b.json', '--no-baseline'], { cwd: r.dir });
      expect(both.exitCode).toBe(2);
      expect(both.stderr).toContain('choose one of --baseline <file> and --no-baseline');
      const empty = await runCli(['scan', '--all', '--settings-from='], { cwd: r.dir });
      expect(empty.exitCode).toBe(2);
      expect(empty.stderr).toContain('--settings-from expects a revision');
    },
    TIMEOUT,
  );
});
