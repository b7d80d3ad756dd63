// The detect stage: a LineSink that finds access key ids and secret access keys in added lines, pairs them per file,
// and emits one Detection per value when the file ends.
//
// Hot path: `line()` runs once per added line of a whole history. A line that fails the literal prefilter costs one
// regex test and a slot in a 5-line ring; only lines that pass, or lie within 5 lines of an access key id, are
// searched for keys.
import { SecretValue } from '../secret-value.js';
import type { Detection, FileContext, LineSink } from '../types.js';
import { accountFromKeyId } from './account-id.js';
import { fingerprint } from './fingerprint.js';
import { PAIR_WINDOW_LINES, pairIdsWithSecrets } from './pairing.js';
import { findKeyIds, findSecrets, hasKeyword, type Match, passesPrefilter } from './patterns.js';

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
  #ids: Hit[] = [];
  /** Secrets with context: a keyword on their line, or an id within WINDOW lines. */
  #secrets: Hit[] = [];
  /** Secret-shaped values on prefiltered lines without a keyword, waiting for an id within WINDOW lines. */
  #pending: Hit[] = [];
  #lastIdLine = Number.NEGATIVE_INFINITY;
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
  }

  /** `offset`: where `text` starts in the line, for a window of a long line (see LineSink). */
  line(text: string, lineNo: number, offset = 0): void {
    if (this.#file === null) throw new Error('Detector.line() called before startFile()');
    // Shorter than a key id: nothing here can start a finding (a secret needs its keyword on its own, longer
    // line); only the look-ahead below an id may still want it.
    if (text.length >= MIN_FINDING_LINE && passesPrefilter(text)) this.#scan(text, lineNo, offset);
    else if (lineNo - this.#lastIdLine <= WINDOW) this.#addSecrets(this.#secrets, text, lineNo, offset);
    else this.#remember(text, lineNo, offset);
  }

  end(): void {
    this.#flush();
    this.#file = null;
  }

  #scan(text: string, lineNo: number, offset: number): void {
    const ids = findKeyIds(text);
    if (ids.length > 0) {
      for (const match of ids) this.#ids.push(hit(match, text, lineNo, offset));
      this.#lastIdLine = lineNo;
      this.#lookBehind(lineNo);
    }
    const inContext = lineNo - this.#lastIdLine <= WINDOW || hasKeyword(text);
    if (inContext) {
      this.#addSecrets(this.#secrets, text, lineNo, offset);
    } else {
      this.#pending = this.#pending.filter((pending) => lineNo - pending.line <= WINDOW);
      this.#addSecrets(this.#pending, text, lineNo, offset);
    }
  }

  /** An id at `lineNo` gives context to secrets up to WINDOW lines above it. */
  #lookBehind(lineNo: number): void {
    for (const pending of this.#pending) if (lineNo - pending.line <= WINDOW) this.#secrets.push(pending);
    this.#pending = [];
    for (let slot = 0; slot < WINDOW; slot++) {
      const line = this.#ringLine[slot]!;
      if (lineNo - line <= WINDOW)
        this.#addSecrets(this.#secrets, this.#ringText[slot]!, line, this.#ringOffset[slot]!);
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

  #addSecrets(into: Hit[], text: string, lineNo: number, offset: number): void {
    for (const match of findSecrets(text)) into.push(hit(match, text, lineNo, offset));
  }

  #flush(): void {
    const file = this.#file;
    // Overlapping windows of a long line can find the same value twice.
    const ids = distinct(this.#ids);
    const secrets = distinct(this.#secrets.sort(byPosition));
    this.#ids = [];
    this.#secrets = [];
    this.#pending = [];
    this.#lastIdLine = Number.NEGATIVE_INFINITY;
    this.#ringLine.fill(Number.NEGATIVE_INFINITY);
    this.#ringText.fill('');
    if (file === null || (ids.length === 0 && secrets.length === 0)) return;

    const secretOfId = new Array<number | undefined>(ids.length);
    const idOfSecret = new Array<number | undefined>(secrets.length);
    for (const [id, secret] of pairIdsWithSecrets(ids, secrets)) {
      secretOfId[id] = secret;
      idOfSecret[secret] = id;
    }
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
        fingerprint: secretPrints[s]!,
        pairFingerprint: paired === undefined ? null : idPrints[paired]!,
        account: paired === undefined ? null : accounts[paired]!,
        lineText: secret.lineText,
      });
    });
    for (const detection of detections.sort(byPosition)) this.#emit(detection);
  }
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
