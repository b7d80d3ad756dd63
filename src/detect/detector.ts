// The detect stage: a LineSink that finds access key ids, secret access keys and session tokens in added lines,
// pairs them per file, and emits one Detection per id or secret when the file ends. A session token is no finding
// of its own (alone it signs nothing): it rides on the detections of the `ASIA…` id it belongs to and that id's
// secret.
//
// Hot path: `line()` runs once per added line of a whole history. A line that fails the literal prefilter costs one
// regex test and a slot in a 5-line ring; only lines that pass, or lie within 5 lines of an access key id, are
// searched for keys, in each of their views (the line, its base64 tokens decoded, its string literals joined).
import { isSessionKeyId } from '../aws/identifiers.js';
import { SecretValue } from '../secret-value.js';
import type { Detection, FileContext, LineSink } from '../types.js';
import { accountFromKeyId } from './account-id.js';
import { fingerprint } from './fingerprint.js';
import { otherViews, type Runs, RUN_FOR, scanRuns, type View } from './line-views.js';
import { PAIR_WINDOW_LINES, pairIdsWithSecrets } from './pairing.js';
import { secretWordsOfPath } from './path-context.js';
import {
  findKeyIds,
  findSecrets,
  findSessionTokens,
  hasKeyword,
  type Match,
  namesSecret,
  namesSessionToken,
} from './patterns.js';
import { prefilter } from './prefilter.js';

/** A value found in the current file. */
interface Hit {
  value: string;
  line: number;
  column: number;
  lineText: string;
}

const WINDOW = PAIR_WINDOW_LINES;

/** The length of an access key id: the shortest line that can hold a finding. */
const MIN_FINDING_LINE = 20;

export class Detector implements LineSink {
  readonly #emit: (detection: Detection) => void;
  #file: FileContext | null = null;
  /** Names of a secret that the file's path makes AWS's (see path-context.ts); undefined until needed. */
  #words: RegExp | null | undefined;
  #ids: Hit[] = [];
  /** Secrets with context: a keyword on their line (or a secret's name on the line above), or an id within WINDOW. */
  #secrets: Hit[] = [];
  /** Secret-shaped values on prefiltered lines without a keyword, waiting for an id within WINDOW lines. */
  #pending: Hit[] = [];
  /** Session tokens within WINDOW lines of an id, and those still waiting for one. */
  #tokens: Hit[] = [];
  #pendingTokens: Hit[] = [];
  #lastIdLine = Number.NEGATIVE_INFINITY;
  /** A line that names a secret but holds none: its value may be on the next line (`<name>…</name><value>`). */
  #nameLine = Number.NEGATIVE_INFINITY;
  // The last WINDOW lines that were not searched, for the look-behind when an id turns up. Only those lines can be
  // within WINDOW of a later id, and parallel arrays avoid an allocation per line.
  readonly #ringText: string[] = new Array<string>(WINDOW).fill('');
  readonly #ringLine: number[] = new Array<number>(WINDOW).fill(Number.NEGATIVE_INFINITY);
  readonly #ringOffset: number[] = new Array<number>(WINDOW).fill(0);
  #ringNext = 0;

  constructor(emit: (detection: Detection) => void) {
    this.#emit = emit;
  }

  startFile(file: FileContext): void {
    this.#flush();
    this.#file = file;
    this.#words = undefined;
  }

  /** `offset`: where `text` starts in the line, for a window of a long line (see LineSink). */
  line(text: string, lineNo: number, offset = 0): void {
    if (this.#file === null) throw new Error('Detector.line() called before startFile()');
    // Shorter than a key id: nothing here can start a finding (a secret needs its keyword on its own, longer
    // line); only the look-ahead below an id or a secret's name may still want it.
    const pass = text.length >= MIN_FINDING_LINE ? prefilter(text) : 'none';
    if (pass !== 'none') this.#scan(text, lineNo, offset, pass === 'line');
    else if (lineNo - this.#lastIdLine <= WINDOW || lineNo === this.#nameLine + 1)
      this.#collect(text, lineNo, offset);
    else this.#remember(text, lineNo, offset);
  }

  end(): void {
    this.#flush();
    this.#file = null;
  }

  #scan(text: string, lineNo: number, offset: number, whole: boolean): void {
    const runs = whole ? scanRuns(text) : NO_RUNS;
    const room = runs.longest;
    const views = otherViews(text, runs.tokens);
    const ids = search(text, room >= RUN_FOR.keyId, views, findKeyIds);
    if (ids.length > 0) {
      for (const match of ids) this.#ids.push(hit(match, text, lineNo, offset));
      this.#lastIdLine = lineNo;
      this.#lookBehind(lineNo);
    }
    const nearby = lineNo - this.#lastIdLine <= WINDOW || lineNo === this.#nameLine + 1;
    let keyword: boolean | undefined;
    const named = (): boolean => (keyword ??= whole && hasKeyword(text, this.#secretWords()));
    const secrets = room >= RUN_FOR.secret ? findSecrets(text) : NO_MATCHES;
    let anySecret = secrets.length > 0;
    if (anySecret) this.#addSecrets(secrets, nearby || named(), text, lineNo, offset);
    if (views.length > 0) {
      const seen = new Set(secrets.map(key));
      for (const view of views) {
        const found = inView(view, findSecrets(view.text)).filter((match) => once(seen, match));
        if (found.length === 0) continue;
        anySecret = true;
        // The line's keyword covers its decoded tokens and joined literals; a decoded credentials file names its own.
        const inContext = nearby || named() || hasKeyword(view.text, this.#secretWords());
        this.#addSecrets(found, inContext, text, lineNo, offset);
      }
    }
    if (room >= RUN_FOR.sessionToken) this.#addTokens(text, lineNo, offset, ids);
    if (!anySecret && whole && namesSecret(text) && named()) this.#nameLine = lineNo;
  }

  #addSecrets(
    found: readonly Match[],
    inContext: boolean,
    text: string,
    lineNo: number,
    offset: number,
  ): void {
    if (!inContext) this.#pending = this.#pending.filter((pending) => lineNo - pending.line <= WINDOW);
    const into = inContext ? this.#secrets : this.#pending;
    for (const match of found) into.push(hit(match, text, lineNo, offset));
  }

  /** Searches a line that has context from a nearby id or a name above it. */
  #collect(text: string, lineNo: number, offset: number): void {
    const runs = scanRuns(text);
    const room = runs.longest;
    const views = otherViews(text, runs.tokens);
    const secrets = search(text, room >= RUN_FOR.secret, views, findSecrets);
    for (const match of secrets) this.#secrets.push(hit(match, text, lineNo, offset));
    if (room >= RUN_FOR.sessionToken) this.#addTokens(text, lineNo, offset, NO_MATCHES);
  }

  /** The names of a secret the file's path adds, worked out on first need: most files never need them. */
  #secretWords(): RegExp | null {
    if (this.#words === undefined) this.#words = this.#file ? secretWordsOfPath(this.#file.path) : null;
    return this.#words;
  }

  /** A session token counts where the line names one, or beside an `ASIA…` id (`aws sts … --output text`). */
  #addTokens(text: string, lineNo: number, offset: number, ids: readonly Match[]): void {
    if (!namesSessionToken(text) && !ids.some((id) => isSessionKeyId(id.value))) return;
    const tokens = findSessionTokens(text);
    if (tokens.length === 0) return;
    if (lineNo - this.#lastIdLine <= WINDOW) {
      for (const match of tokens) this.#tokens.push(hit(match, text, lineNo, offset));
    } else {
      this.#pendingTokens = this.#pendingTokens.filter((pending) => lineNo - pending.line <= WINDOW);
      for (const match of tokens) this.#pendingTokens.push(hit(match, text, lineNo, offset));
    }
  }

  /** An id at `lineNo` gives context to secrets and tokens up to WINDOW lines above it. */
  #lookBehind(lineNo: number): void {
    for (const pending of this.#pending) if (lineNo - pending.line <= WINDOW) this.#secrets.push(pending);
    for (const pending of this.#pendingTokens)
      if (lineNo - pending.line <= WINDOW) this.#tokens.push(pending);
    this.#pending = [];
    this.#pendingTokens = [];
    for (let slot = 0; slot < WINDOW; slot++) {
      const line = this.#ringLine[slot]!;
      if (lineNo - line <= WINDOW) this.#collect(this.#ringText[slot]!, line, this.#ringOffset[slot]!);
      this.#ringLine[slot] = Number.NEGATIVE_INFINITY;
      this.#ringText[slot] = '';
    }
  }

  #remember(text: string, lineNo: number, offset: number): void {
    this.#ringText[this.#ringNext] = text;
    this.#ringLine[this.#ringNext] = lineNo;
    this.#ringOffset[this.#ringNext] = offset;
    this.#ringNext = (this.#ringNext + 1) % WINDOW;
  }

  #flush(): void {
    const file = this.#file;
    // Overlapping windows of a long line can find the same value twice.
    const ids = distinct(this.#ids.sort(byPosition));
    const secrets = distinct(this.#secrets.sort(byPosition));
    const tokens = distinct(this.#tokens.sort(byPosition));
    this.#ids = [];
    this.#secrets = [];
    this.#pending = [];
    this.#tokens = [];
    this.#pendingTokens = [];
    this.#lastIdLine = Number.NEGATIVE_INFINITY;
    this.#nameLine = Number.NEGATIVE_INFINITY;
    this.#ringLine.fill(Number.NEGATIVE_INFINITY);
    this.#ringText.fill('');
    if (file === null || (ids.length === 0 && secrets.length === 0)) return;

    const secretOfId = new Array<number | undefined>(ids.length);
    const idOfSecret = new Array<number | undefined>(secrets.length);
    for (const [id, secret] of pairIdsWithSecrets(ids, secrets)) {
      secretOfId[id] = secret;
      idOfSecret[secret] = id;
    }
    const tokenOfId = sessionTokensOf(ids, tokens);
    const idPrints = ids.map((id) => fingerprint('aws-access-key-id', id.value));
    const secretPrints = secrets.map((secret) => fingerprint('aws-secret-access-key', secret.value));
    const secretValues = secrets.map((secret) => new SecretValue(secret.value));
    const accounts = ids.map((id) => accountFromKeyId(id.value));

    const detections: Detection[] = [];
    ids.forEach((id, i) => {
      const paired = secretOfId[i];
      detections.push({
        rule: 'aws-access-key-id',
        file: file.path,
        line: id.line,
        column: id.column,
        commit: file.commit,
        keyId: id.value,
        secret: paired === undefined ? null : secretValues[paired]!,
        sessionToken: tokenOfId[i] ?? null,
        fingerprint: idPrints[i]!,
        pairFingerprint: paired === undefined ? null : secretPrints[paired]!,
        account: accounts[i]!,
        lineText: id.lineText,
      });
    });
    secrets.forEach((secret, s) => {
      const paired = idOfSecret[s];
      detections.push({
        rule: 'aws-secret-access-key',
        file: file.path,
        line: secret.line,
        column: secret.column,
        commit: file.commit,
        keyId: paired === undefined ? null : ids[paired]!.value,
        secret: secretValues[s]!,
        sessionToken: paired === undefined ? null : (tokenOfId[paired] ?? null),
        fingerprint: secretPrints[s]!,
        pairFingerprint: paired === undefined ? null : idPrints[paired]!,
        account: paired === undefined ? null : accounts[paired]!,
        lineText: secret.lineText,
      });
    });
    for (const detection of detections.sort(byPosition)) this.#emit(detection);
  }
}

/** The session token of each `ASIA…` id (by index in `ids`), paired like secrets: same line first, then nearest. */
function sessionTokensOf(ids: readonly Hit[], tokens: readonly Hit[]): Array<SecretValue | undefined> {
  const byId = new Array<SecretValue | undefined>(ids.length);
  if (tokens.length === 0) return byId;
  const sessionIds = ids.flatMap((id, i) => (isSessionKeyId(id.value) ? [i] : []));
  const located = sessionIds.map((i) => ids[i]!);
  for (const [id, token] of pairIdsWithSecrets(located, tokens)) {
    byId[sessionIds[id]!] = new SecretValue(tokens[token]!.value);
  }
  return byId;
}

const NO_MATCHES: readonly Match[] = Object.freeze([]);
/** A line searched in its joined literals alone. */
const NO_RUNS: Runs = { longest: 0, tokens: [] };

/** Matches in the line itself (when `raw`) and in its other views, mapped to the line, each position once. */
function search(
  text: string,
  raw: boolean,
  views: readonly View[],
  find: (text: string) => Match[],
): readonly Match[] {
  const found = raw ? find(text) : NO_MATCHES;
  if (views.length === 0) return found;
  const seen = new Set(found.map(key));
  const all = [...found];
  for (const view of views)
    for (const match of inView(view, find(view.text))) if (once(seen, match)) all.push(match);
  return all;
}

function inView(view: View, matches: Match[]): Match[] {
  if (matches.length === 0) return matches;
  return matches.map((match) => ({ value: match.value, index: view.toOriginal(match.index) }));
}

/** The same value at the same place, found again in another view of the line, counts once. */
function once(seen: Set<string>, match: Match): boolean {
  const k = key(match);
  if (seen.has(k)) return false;
  seen.add(k);
  return true;
}

function key(match: Match): string {
  return `${match.index}:${match.value}`;
}

function hit(match: Match, lineText: string, line: number, offset: number): Hit {
  return { value: match.value, line, column: offset + match.index + 1, lineText };
}

/** Hits sorted by position without repeats of one position. */
function distinct(hits: Hit[]): Hit[] {
  return hits.filter((h, i) => i === 0 || h.line !== hits[i - 1]!.line || h.column !== hits[i - 1]!.column);
}

function byPosition(a: { line: number; column: number }, b: { line: number; column: number }): number {
  return a.line - b.line || a.column - b.column;
}
