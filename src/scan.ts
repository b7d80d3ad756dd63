// The one core: wires the stages for every entry point (CLI, hooks, Action).
// source -> diff -> detect -> filter -> verify -> respond -> (report, done by the caller)
import type { AwsOptions } from './aws/options.js';
import type { Config } from './config/config.js';
import { loadSettings, type Settings } from './config/load-settings.js';
import { Detector } from './detect/detector.js';
import { errorMessage } from './errors.js';
import type { Logger } from './logger.js';
import { readSource } from './source/read-source.js';
import {
  emptyCoverage,
  type CommitInfo,
  type Coverage,
  type Detection,
  type Finding,
  type MovedFile,
  type ResponseOutcome,
  type ScanResult,
  type SettingsChange,
  type SourceSpec,
  type Verification,
} from './types.js';

export interface ScanOptions {
  cwd: string;
  source: SourceSpec;
  /** `--config`: an explicit configuration file; otherwise `.secret-guard.yml` at the repository root. */
  configFile?: string;
  /** `--baseline`: overrides the configuration's `baseline`; false: apply none (`--no-baseline`, or writing one). */
  baselineFile?: string | false;
  /** `--settings-from`: read `.secret-guard.yml` and the baseline from this revision, not the work tree. */
  settingsFrom?: string;
  /** `--no-allow-comments`: refuse same-line allow comments (for CI). */
  ignoreAllowComments?: boolean;
  verify: boolean;
  respond: boolean;
  dryRun: boolean;
  aws: AwsOptions;
  /** Running in CI: the pair check defaults on. */
  inCi: boolean;
  stdin?: NodeJS.ReadableStream;
  logger: Logger;
  workers?: number;
  /**
   * The bundled history-worker.js: when given, history is parsed in worker threads beside the git processes.
   * (Tests that run the TypeScript sources leave it out and parse on the calling thread.)
   */
  threadScript?: string;
  onProgress?: (commitsDone: number, commitsTotal: number | null) => void;
}

/** The context a scan ran in: what the entry points need besides the result (e.g. to write a baseline). */
export interface ScanRun {
  result: ScanResult;
  /** Detections that survived the filters, with their raw secrets (for `baseline`); never reported as such. */
  detections: Detection[];
  root: string;
  config: Config;
}

/** Scans and returns the result; throws UsageError/ConfigError (exit 2) or OperationalError (exit 3). */
export async function runScan(options: ScanOptions): Promise<ScanRun> {
  const started = Date.now();
  const { source, logger } = options;
  const coverage = emptyCoverage();
  const detections: Detection[] = [];
  const emit = (detection: Detection): void => {
    detections.push(detection);
  };
  const moved: MovedFile[] = [];
  const onMoved = (file: MovedFile): void => {
    moved.push(file);
  };
  const history = source.kind === 'all' || source.kind === 'range' || source.kind === 'push';
  const threads =
    history && options.threadScript
      ? new (await import('./scan/history-worker-pool.js')).HistoryWorkerPool(
          options.threadScript,
          coverage,
          emit,
          onMoved,
          options.workers ?? (await import('./source/history.js')).defaultWorkers(),
        )
      : null;
  threads?.warm(options.cwd);
  // Settings and source are read at once: neither needs the other until the filters run, and on the hook
  // path every git process and file read that overlaps is time the developer does not wait.
  const [{ root, config, baseline }, settingsChanges] = await Promise.all([
    loadScanSettings(options),
    history ? scannedSettingsChanges(options) : [],
    readSource(source, {
      cwd: options.cwd,
      coverage,
      logger,
      createSink: () => new Detector(emit),
      prefilter: true,
      onMoved,
      ...(options.stdin ? { stdin: options.stdin } : {}),
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(threads
        ? {
            runBatch: (shas: string[]) => threads.run(options.cwd, shas),
            checkBlobs: (ids: string[]) => threads.checkBlobs(options.cwd, ids),
          }
        : {}),
    }).finally(async () => threads?.close()),
  ]);

  if (settingsChanges instanceof Error) {
    coverage.errors.push(
      `cannot tell whether the scanned commits change secret-guard's settings: ${errorMessage(settingsChanges)}`,
    );
  }

  if (moved.length > 0 && config.allow.paths.length > 0) {
    await scanMovedOutOfAllowedPaths(root, moved, config.allow.paths, detections, coverage);
  }

  // Nothing found and no baseline to check: the clean hook path need not load the filters (nor micromatch).
  const filtered =
    detections.length === 0 && !baseline
      ? { kept: [], suppressed: {}, unusedBaseline: [] }
      : await (await import('./filter/apply-filters.js')).applyFilters(detections, { config, baseline });
  // An unused baseline entry only means something when the scan saw everything the baseline was made from.
  const sawEverything = source.kind === 'all' || source.kind === 'paths';
  const kept = sortDetections(filtered.kept);

  const { verifications, responses } =
    (options.verify || options.respond) && kept.length > 0
      ? await checkWithAws(kept, config, options)
      : { verifications: new Map<string, Verification>(), responses: new Map<string, ResponseOutcome>() };

  const findings = kept.map((d) =>
    toFinding(
      d,
      options.verify || options.respond ? verificationFor(d, verifications) : null,
      options.respond ? responseFor(d, responses) : null,
    ),
  );
  // Nothing added to the index: a commit that only deletes is a clean one, nothing staged at all is not.
  const changesAddNoLines =
    source.kind === 'staged' &&
    coverage.addedLines === 0 &&
    coverage.errors.length === 0 &&
    (await stagedChangesExist(source, options.cwd));
  return {
    result: {
      source: source.kind,
      findings,
      coverage,
      ...(changesAddNoLines ? { changesAddNoLines } : {}),
      suppressed: filtered.suppressed,
      unusedBaseline: sawEverything ? filtered.unusedBaseline : [],
      settingsChanges: settingsChanges instanceof Error ? [] : settingsChanges,
      durationMs: Date.now() - started,
    },
    detections: kept,
    root,
    config,
  };
}

/**
 * Verify the found keys, respond to confirmed leaks (`--respond`), and summarise what they did, through one AWS
 * session: one region lookup, one deadline, one retry budget for the run. The SDK loads only here.
 */
async function checkWithAws(
  kept: Detection[],
  config: Config,
  options: ScanOptions,
): Promise<{ verifications: Map<string, Verification>; responses: Map<string, ResponseOutcome> }> {
  const { logger } = options;
  const { AwsSession } = await import('./aws/session.js');
  const session = await AwsSession.open(options.aws, config.aws);
  try {
    const { verifyDetections } = await import('./verify/verify.js');
    const verifications = await verifyDetections(kept, {
      config,
      session,
      inCi: options.inCi,
      responding: options.respond,
      logger,
    });
    // Contain first: the response goes before anything that only informs.
    let responses = new Map<string, ResponseOutcome>();
    if (options.respond) {
      const { respondToLeaks } = await import('./respond/respond.js');
      responses = await respondToLeaks(kept, verifications, {
        config,
        session,
        dryRun: options.dryRun,
        logger,
      });
    }
    const { keyActivity } = await import('./verify/key-activity.js');
    for (const [keyId, summary] of await keyActivity(kept, verifications, { session, logger })) {
      const verification = verifications.get(keyId);
      if (verification) verification.activity = summary;
    }
    return { verifications, responses };
  } finally {
    session.close();
  }
}

/** The repository root, the configuration and the baseline a scan runs with. */
async function loadScanSettings(options: ScanOptions): Promise<{ root: string } & Settings> {
  const root = await repositoryRoot(options);
  const settings = await loadSettings({
    root,
    ...(options.configFile !== undefined ? { configFile: options.configFile } : {}),
    ...(options.baselineFile !== undefined ? { baselineFile: options.baselineFile } : {}),
    ...(options.settingsFrom !== undefined ? { settingsFrom: options.settingsFrom } : {}),
    ...(options.ignoreAllowComments ? { ignoreAllowComments: true } : {}),
    source: options.source.kind,
    inCi: options.inCi,
    usesAws: options.verify || options.respond,
    logger: options.logger,
  });
  return { root, ...settings };
}

/**
 * A file renamed or copied from a path `allow.paths` covers to one it does not is scanned whole at its new path,
 * as if every line were added there: otherwise `git mv` would carry an allowed key out unreported. The detections
 * of a file read whole replace those its diff gave (the lines a rename also edits), so that no line is reported
 * twice. Loaded, with git's child-process modules, only when the scan saw a rename.
 */
async function scanMovedOutOfAllowedPaths(
  root: string,
  moved: readonly MovedFile[],
  allowPaths: readonly string[],
  detections: Detection[],
  coverage: Coverage,
): Promise<void> {
  const allowed = (await import('./filter/allowed-path.js')).allowedPathMatcher(allowPaths);
  const outOfAllowed = moved.filter((file) => allowed(file.from) && !allowed(file.to));
  if (outOfAllowed.length === 0) return;
  const { readMovedFiles } = await import('./source/moved-files.js');
  const fromFiles: Detection[] = [];
  const read = await readMovedFiles(root, outOfAllowed, new Detector((d) => fromFiles.push(d)), coverage);
  const key = (path: string, commit: CommitInfo | null): string => `${commit?.sha ?? ''}:${path}`;
  const readWhole = new Set(read.map((file) => key(file.to, file.commit)));
  // A commit's message is reported under a path a file may also have: its findings are always kept.
  const { COMMIT_MESSAGE_PATH } = await import('./diff/diff-parser.js');
  const fromDiff = detections.filter(
    (d) => d.file === COMMIT_MESSAGE_PATH || !readWhole.has(key(d.file, d.commit)),
  );
  detections.length = 0;
  detections.push(...fromDiff, ...fromFiles);
}

/**
 * The top folder of the work tree. The hooks' prefilter hands over the staged diff from where git runs hooks, the
 * top folder: no git process is needed (nor loaded) on that path. Files and diffs on stdin may come from outside
 * any repository; the git sources and --settings-from need one.
 */
async function repositoryRoot({ source, cwd, settingsFrom }: ScanOptions): Promise<string> {
  if (source.kind === 'staged' && source.diffFile !== undefined && settingsFrom === undefined) return cwd;
  const { findRepoRoot } = await import('./git/repository.js');
  if ((source.kind === 'stdin' || source.kind === 'paths') && settingsFrom === undefined) {
    return (await findRepoRoot(cwd, { optional: true })) ?? cwd;
  }
  return findRepoRoot(cwd);
}

/** Whether the index changes anything against HEAD (asked only when the staged diff added no line). */
async function stagedChangesExist(source: SourceSpec, cwd: string): Promise<boolean> {
  if (source.kind === 'staged' && source.diffFile !== undefined) {
    return (await import('./source/staged-diff-file.js')).diffFileHasChanges(source.diffFile);
  }
  return (await import('./source/staged.js')).hasStagedChanges(cwd);
}

/** What the scanned commits change in the settings, or why that cannot be told (never thrown: see runScan). */
async function scannedSettingsChanges(options: ScanOptions): Promise<SettingsChange[] | Error> {
  try {
    const { findRepoRoot } = await import('./git/repository.js');
    const root = await findRepoRoot(options.cwd);
    const { settingsChanges } = await import('./config/settings-change.js');
    return await settingsChanges(root, options.source);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

function sortDetections(detections: Detection[]): Detection[] {
  return [...detections].sort(
    (a, b) =>
      (a.commit?.date ?? '').localeCompare(b.commit?.date ?? '') ||
      (a.commit?.sha ?? '').localeCompare(b.commit?.sha ?? '') ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

function verificationFor(d: Detection, verifications: Map<string, Verification>): Verification {
  if (!d.keyId) return { status: 'unverified', reason: 'no access key id found with this secret' };
  return verifications.get(d.keyId) ?? { status: 'unverified', reason: 'not verified' };
}

function responseFor(d: Detection, responses: Map<string, ResponseOutcome>): ResponseOutcome {
  if (!d.keyId) return { action: 'skipped', reason: 'no access key id found with this secret' };
  return responses.get(d.keyId) ?? { action: 'skipped', reason: 'not a confirmed live key of your accounts' };
}

function toFinding(
  d: Detection,
  verification: Verification | null,
  response: ResponseOutcome | null,
): Finding {
  return {
    rule: d.rule,
    file: d.file,
    line: d.line,
    column: d.column,
    commit: d.commit?.sha ?? null,
    author: d.commit?.author ?? null,
    email: d.commit?.email ?? null,
    date: d.commit?.date ?? null,
    keyId: d.keyId,
    secret: d.secret ? d.secret.redacted : null,
    fingerprint: d.fingerprint,
    pairedWith: d.pairFingerprint,
    account: d.account,
    verification,
    response,
  };
}
