// The forms of issue 8 and session tokens through the bundled CLI, on a real repository: each exits 1 with the right
// file and line, staged and in history (where detection runs in worker threads), and no format ever shows a secret
// or a session token.
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { HistoryWorkerPool } from '../../src/scan/history-worker-pool.js';
import { SecretValue } from '../../src/secret-value.js';
import { emptyCoverage, type Detection } from '../../src/types.js';
import { cliBundle, runCli } from '../helpers/cli.js';
import { tempRepos } from '../helpers/git-repo.js';
import { keyId, secret } from './test-keys.js';

const repo = tempRepos();
const b64 = (text: string): string => Buffer.from(text).toString('base64');

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  keyId: string | null;
}

/** Files that each hold one form, and the file:line of every finding expected in them. */
function forms(): { files: Record<string, string>; expected: string[]; secrets: string[]; tokens: string[] } {
  const [id1, id2, id3, id4, asia] = [keyId(), keyId(), keyId(), keyId(), keyId('123456789012', 'ASIA')];
  const [s1, s2, s3, s4, s5, s6, s7] = [secret(), secret(), secret(), secret(), secret(), secret(), secret()];
  const token = `IQoJb3JpZ2luX2VjE${Buffer.from(secret().repeat(12)).toString('base64')}`;
  const files: Record<string, string> = {
    'deploy/task.json': `{"command": "deploy\\t${id1}\\t${s1}"}\n`,
    'deploy/aws.env': `REGION=eu-west-1\nSECRET=${s2}\n`,
    'infra/main.tf': `provider "aws" {\n  region = "eu-west-1"\n  secret_key = "${s3}"\n}\n`,
    '.s3cfg': `[default]\nsecret_key = ${s4}\n`,
    'conf/core-site.xml': `<property>\n  <name>fs.s3a.secret.key</name>\n  <value>${s5}</value>\n</property>\n`,
    'k8s/secret.yaml': `kind: Secret\ndata:\n  AWS_ACCESS_KEY_ID: ${b64(id2)}\n  AWS_SECRET_ACCESS_KEY: ${b64(s6)}\n`,
    'src/settings.py': `ACCESS_KEY = "AK" "${id3.slice(2)}"\n`,
    'src/client.js': `const key = 'AKIA' + '${id4.slice(4)}';\n`,
    'creds/session.json': JSON.stringify(
      { Credentials: { AccessKeyId: asia, SecretAccessKey: s7, SessionToken: token } },
      null,
      2,
    ),
  };
  const expected = [
    'deploy/task.json:1 aws-access-key-id',
    'deploy/task.json:1 aws-secret-access-key',
    'deploy/aws.env:2 aws-secret-access-key',
    'infra/main.tf:3 aws-secret-access-key',
    '.s3cfg:2 aws-secret-access-key',
    'conf/core-site.xml:3 aws-secret-access-key',
    'k8s/secret.yaml:3 aws-access-key-id',
    'k8s/secret.yaml:4 aws-secret-access-key',
    'src/settings.py:1 aws-access-key-id',
    'src/client.js:1 aws-access-key-id',
    'creds/session.json:3 aws-access-key-id',
    'creds/session.json:4 aws-secret-access-key',
  ];
  return { files, expected, secrets: [s1, s2, s3, s4, s5, s6, s7], tokens: [token] };
}

/** Every 12-character piece of a value past its first four characters (the part a redaction hides). */
function pieces(value: string): string[] {
  const out: string[] = [];
  for (let i = 4; i + 12 <= value.length; i += 6) out.push(value.slice(i, i + 12));
  return out;
}

describe('the forms of issue 8 through the CLI', () => {
  it.each([
    ['staged', ['--staged']],
    ['in history (worker threads)', ['--all']],
  ])(
    'finds every form %s, at its file and line, and shows no secret or token whole',
    async (_name, source) => {
      const r = repo();
      r.commit({ 'README.md': 'hello\n' });
      const { files, expected, secrets, tokens } = forms();
      if (source[0] === '--staged') {
        for (const [path, content] of Object.entries(files)) r.write(path, content);
        r.git('add', '-A');
      } else {
        r.commit(files, 'add configuration');
      }

      const json = await runCli(['scan', ...source, '--format', 'json'], { cwd: r.dir });
      expect(json.exitCode).toBe(1);
      const findings = (JSON.parse(json.stdout) as { findings: JsonFinding[] }).findings;
      expect(findings.map((f) => `${f.file}:${f.line} ${f.rule}`).sort()).toEqual([...expected].sort());

      for (const format of ['text', 'json', 'sarif']) {
        const run =
          format === 'json' ? json : await runCli(['scan', ...source, '--format', format], { cwd: r.dir });
        expect(run.exitCode).toBe(1);
        const output = run.stdout + run.stderr;
        for (const value of [...secrets, ...tokens]) {
          for (const piece of pieces(value))
            expect(output, `${format} shows part of a secret`).not.toContain(piece);
        }
      }
    },
  );
});

describe('history scans in worker threads', () => {
  it('bring back the session token with the detections of its pair', async () => {
    const r = repo();
    const [asia, s] = [keyId('123456789012', 'ASIA'), secret()];
    const token = `IQoJb3JpZ2luX2VjE${Buffer.from(secret().repeat(12)).toString('base64')}`;
    const sha = r.commit({
      'env/ci.env': `AWS_ACCESS_KEY_ID=${asia}\nAWS_SECRET_ACCESS_KEY=${s}\nAWS_SESSION_TOKEN=${token}\n`,
    });
    const found: Detection[] = [];
    const threads = new HistoryWorkerPool(
      join(dirname(cliBundle()), 'history-worker.js'),
      emptyCoverage(),
      (d) => found.push(d),
      () => {},
    );
    try {
      await threads.run(r.dir, [sha]).done;
    } finally {
      await threads.close();
    }
    expect(found.map((d) => d.rule)).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
    for (const d of found) {
      expect(d.sessionToken).toBeInstanceOf(SecretValue);
      expect(d.sessionToken?.reveal()).toBe(token);
      expect(d.secret?.reveal()).toBe(s);
    }
  });
});
