// A line too long to hold is scanned whole all the same, in overlapping windows: the unfinished line is kept
// only up to WINDOW_CHARS, each full window is handed on with its offset in the line, and the next one starts
// OVERLAP_CHARS before the previous one ended, so a key (and the words around it) that straddles a boundary
// is whole in one window. Memory stays bounded whatever the line's length.

/** Longest piece of a line held at once (V8's strings top out near 512 MiB; a history has several streams). */
export const WINDOW_CHARS = 16 * 1024 * 1024;
/** How much consecutive windows share: far more than a key and the name before it. */
export const OVERLAP_CHARS = 64 * 1024;

/**
 * Called with each full window of a long line: `offset` is where it starts in the line (0-based, UTF-16 code
 * units). Returns false when the rest of the line is not wanted (it is not an added line).
 */
type OnWindow = (text: string, offset: number) => boolean;

/** The unfinished last line of a stream, built up across chunks. */
export class PartialLine {
  #text = '';
  /** Where `#text` starts in the line. */
  #offset = 0;
  /** Whether windows were handed on (a long line): the last piece must then go out as a window too. */
  #windowed = false;
  #dropping = false;

  get empty(): boolean {
    return this.#text.length === 0 && !this.#windowed && !this.#dropping;
  }

  append(piece: string, onWindow: OnWindow): void {
    if (this.#dropping) return;
    this.#text += piece;
    while (this.#text.length >= WINDOW_CHARS) {
      const window = this.#text.slice(0, WINDOW_CHARS);
      this.#windowed = true;
      if (!onWindow(window, this.#offset)) {
        this.#dropping = true;
        this.#text = '';
        return;
      }
      const step = WINDOW_CHARS - OVERLAP_CHARS;
      this.#text = this.#text.slice(step);
      this.#offset += step;
    }
  }

  /**
   * The line is complete. Returns its text for a line that was never windowed; for a windowed one, hands the
   * last window (if it holds anything new) to `onWindow` and returns null.
   */
  finish(onWindow: OnWindow): string | null {
    const text = this.#text;
    const offset = this.#offset;
    const windowed = this.#windowed;
    const dropping = this.#dropping;
    this.#text = '';
    this.#offset = 0;
    this.#windowed = false;
    this.#dropping = false;
    if (!windowed) return text;
    if (!dropping && text.length > OVERLAP_CHARS) onWindow(text, offset);
    return null;
  }
}
