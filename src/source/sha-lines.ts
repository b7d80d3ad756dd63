// `git rev-list` output, one object name per line, split as it streams in.

export class ShaLines {
  readonly #onSha: (sha: string) => void;
  #partial = '';

  constructor(onSha: (sha: string) => void) {
    this.#onSha = onSha;
  }

  write(chunk: Buffer): void {
    // Object names are ASCII, so a chunk boundary can never split a character.
    const text = this.#partial + chunk.toString('latin1');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      if (nl > start) this.#onSha(text.slice(start, nl));
      start = nl + 1;
    }
    this.#partial = text.slice(start);
  }

  end(): void {
    if (this.#partial.length > 0) this.#onSha(this.#partial);
    this.#partial = '';
  }
}
