// `--format sarif`: SARIF 2.1.0 as GitHub code scanning reads it. One run; both rules always listed, so that
// `ruleIndex` is stable; `partialFingerprints` carry the content fingerprint so alerts survive line moves.
import type { Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';

import type { Finding, ScanResult } from '../types.js';
import type { Reporter } from './reporter-type.js';
import { PROJECT_URL, RULE_DOCS, ruleIndex } from './rule-docs.js';
import { safeSecret, scrubDeep, scrubSecrets } from './sanitize.js';
import { failedResponseAdvice, partialReasons } from './scan-facts.js';

const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const FINGERPRINT_KEY = 'secretGuardFingerprint/v1';

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function ruleDescriptor(doc: (typeof RULE_DOCS)[number]): ReportingDescriptor {
  return {
    id: doc.id,
    name: doc.name,
    shortDescription: { text: doc.shortDescription },
    fullDescription: { text: doc.fullDescription },
    help: { text: doc.helpText, markdown: doc.helpMarkdown },
    helpUri: doc.docsUrl,
    defaultConfiguration: { level: 'error' },
    properties: {
      tags: ['security', 'secret'],
      precision: 'high',
      'security-severity': doc.securitySeverity,
    },
  };
}

/** A repository-relative path as a URI reference: each segment percent-encoded, `/` kept. */
export function pathToUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function message(f: Finding): string {
  const secret = safeSecret(f.secret);
  const account = f.account === null ? '' : ` (account ${f.account})`;
  const parts: string[] = [];
  if (f.rule === 'aws-secret-access-key') {
    parts.push(`AWS secret access key ${secret ?? '(masked)'} added`);
    parts.push(
      f.keyId === null ? 'no access key id found next to it' : `for access key id ${f.keyId}${account}`,
    );
  } else {
    parts.push(`AWS access key id ${f.keyId ?? '(unknown)'}${account} added`);
    parts.push(
      secret === null ? 'no secret access key found next to it' : `with its secret access key ${secret}`,
    );
  }
  let text = parts.join(', ') + '.';
  const v = f.verification;
  if (v !== null) {
    text += ` Verification: ${v.status}${v.user === undefined ? '' : ` (user ${v.user})`}`;
    text += v.reason === undefined ? '.' : `: ${v.reason}.`;
  }
  const r = f.response;
  if (r !== null) {
    text += r.action === 'failed' ? ' RESPONSE FAILED' : ` Response: ${r.action}`;
    text += r.reason === undefined ? '.' : `: ${r.reason}.`;
    if (r.action === 'failed') text += ` ${failedResponseAdvice(r)}`;
  }
  if (f.commit !== null) text += ` Commit ${f.commit.slice(0, 12)}.`;
  return scrubSecrets(text);
}

function resultFor(f: Finding): Result {
  const properties: Record<string, unknown> = {
    keyId: f.keyId,
    secret: safeSecret(f.secret),
    account: f.account,
    commit: f.commit,
    author: f.author,
    email: f.email,
    date: f.date,
    pairedWith: f.pairedWith,
    verification: f.verification === null ? null : scrubDeep(f.verification),
    response: f.response === null ? null : scrubDeep(f.response),
  };
  return {
    ruleId: f.rule,
    ruleIndex: ruleIndex(f.rule),
    level: 'error',
    message: { text: message(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToUri(f.file), uriBaseId: '%SRCROOT%' },
          region: { startLine: f.line, startColumn: f.column },
        },
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties,
  };
}

/**
 * What kept the scan from being complete (errors: `executionSuccessful` is false), failed responses (errors), and
 * what the design leaves out on purpose (notes).
 */
function notifications(result: ScanResult, reasons: readonly string[]): Notification[] {
  const out: Notification[] = reasons.map((reason) => ({
    level: 'error',
    message: { text: scrubSecrets(reason) },
  }));
  for (const change of result.settingsChanges) {
    const what = change.summary.length === 0 ? 'allows nothing new' : change.summary.join('; ');
    out.push({
      level: 'warning',
      message: {
        text: scrubSecrets(`The scanned commits change secret-guard's settings in ${change.file}: ${what}.`),
      },
    });
  }
  for (const f of result.findings) {
    if (f.response?.action !== 'failed') continue;
    const reason = f.response.reason === undefined ? '' : `: ${f.response.reason}`;
    out.push({
      level: 'error',
      message: {
        text: scrubSecrets(
          `Response failed for access key id ${f.keyId ?? '(unknown)'}${reason}. ${failedResponseAdvice(f.response)}`,
        ),
      },
    });
  }
  for (const [reason, n] of Object.entries(result.coverage.excluded)) {
    if (n > 0) out.push({ level: 'note', message: { text: `Not scanned, by design: ${reason} ${n}.` } });
  }
  return out;
}

export const sarifReporter = ((result, options) => {
  const reasons = partialReasons(result);
  const partial = reasons.length > 0;
  const driver: Run['tool']['driver'] = {
    name: 'secret-guard',
    informationUri: PROJECT_URL,
    version: options.toolVersion,
    rules: RULE_DOCS.map(ruleDescriptor),
  };
  if (SEMVER.test(options.toolVersion)) driver.semanticVersion = options.toolVersion;
  const run: Run = {
    tool: { driver },
    invocations: [
      { executionSuccessful: !partial, toolExecutionNotifications: notifications(result, reasons) },
    ],
    columnKind: 'utf16CodeUnits',
    results: result.findings.map(resultFor),
    properties: {
      source: result.source,
      coverage: scrubDeep(result.coverage),
      suppressed: { ...result.suppressed },
      unusedBaseline: [...result.unusedBaseline],
      settingsChanges: scrubDeep(result.settingsChanges),
      partial,
      durationMs: result.durationMs,
    },
  };
  const log: Log = { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
  return JSON.stringify(log, null, 2) + '\n';
}) satisfies Reporter;
