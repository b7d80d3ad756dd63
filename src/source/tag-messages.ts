// Annotated tag messages: a tag object carries text of its own (`git tag -a -m …`), pushed with the tag and kept
// by every clone. Scanned in `all` (every annotated tag a ref points to) and for the tags a push or range names.
// Each message is reported as the "file" `(tag <name> message)`, with the tag object as its commit (its sha,
// tagger and date): `git show <sha>` shows the message.
import { spawnGit } from '../git/run-git.js';
import { type CommitInfo, type Coverage, type LineSink, noteError } from '../types.js';
import type { SourceContext } from './source-context.js';

function tagMessagePath(name: string): string {
  return `(tag ${name} message)`;
}

/** Scan the messages of the annotated tags `refs` point to: every ref for 'all', else these revisions. */
export async function readTagMessages(
  revisions: 'all' | readonly string[],
  ctx: SourceContext,
): Promise<void> {
  let tags = revisions === 'all' ? await allTags(ctx) : await tagsAmong(ctx.cwd, revisions);
  if (tags.length === 0) return;
  const sink = ctx.createSink();
  const seen = new Set(tags);
  // A tag of a tag (`git tag -a outer <tag>`) carries the inner tag, message and all, to every clone that
  // fetches the outer one, though no ref names the inner: each round reads the tags the last one pointed to.
  while (tags.length > 0) {
    const inner: string[] = [];
    const objects = new TagObjects((sha, body) => {
      sendTag(sha, body, sink, ctx.coverage);
      const target = innerTag(body);
      if (target !== null && !seen.has(target)) {
        seen.add(target);
        inner.push(target);
      }
    });
    await spawnGit({
      cwd: ctx.cwd,
      args: ['cat-file', '--batch'],
      input: tags.join('\n') + '\n',
      onStdout: (chunk) => objects.write(chunk),
    }).done;
    tags = inner;
  }
  sink.end();
}

/** The tag object a tag points to, or null when it points to a commit, tree or blob. */
function innerTag(body: Buffer): string | null {
  const end = body.indexOf('\n\n');
  const headers = body.subarray(0, end === -1 ? body.length : end).toString('latin1');
  if (!/^type tag$/m.test(headers)) return null;
  return /^object ([0-9a-f]+)$/m.exec(headers)?.[1] ?? null;
}

/**
 * Tag objects that refs point to (refs/tags and any other ref), each once. A ref (or a tag) that points at a blob or
 * a tree puts content in every clone without a commit, which this scan does not read: the scan is partial.
 */
async function allTags(ctx: SourceContext): Promise<string[]> {
  const lines = await collect(ctx.cwd, [
    'for-each-ref',
    '--format=%(objecttype) %(objectname) %(*objecttype) %(refname)',
  ]);
  for (const line of lines) {
    const [type = '', , peeled = '', ...ref] = line.split(' ');
    const target = type === 'tag' ? peeled : type;
    if (target === 'blob' || target === 'tree') {
      noteError(
        ctx.coverage,
        `${ref.join(' ')} points to a ${target}, not a commit: its content was not scanned`,
      );
    }
  }
  return unique(lines.filter((line) => line.startsWith('tag ')).map((line) => line.split(' ')[1]!));
}

/** The revisions that name tag objects (a pushed tag's sha, `v1.0` in `v0.9..v1.0`), as object names. */
async function tagsAmong(cwd: string, revisions: readonly string[]): Promise<string[]> {
  const names = revisions.filter((rev) => rev.length > 0 && !rev.includes('\n'));
  if (names.length === 0) return [];
  const lines = await collect(
    cwd,
    ['cat-file', '--batch-check=%(objecttype) %(objectname)'],
    names.join('\n') + '\n',
  );
  return unique(lines.filter((line) => line.startsWith('tag ')).map((line) => line.slice(4)));
}

async function collect(cwd: string, args: string[], input?: string): Promise<string[]> {
  const chunks: Buffer[] = [];
  await spawnGit({ cwd, args, ...(input !== undefined ? { input } : {}), onStdout: (c) => chunks.push(c) })
    .done;
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** `git cat-file --batch` output, `<sha> <type> <size>\n<content>\n` per object, split as it streams in. */
class TagObjects {
  readonly #onTag: (sha: string, body: Buffer) => void;
  #pending: Buffer = Buffer.alloc(0);

  constructor(onTag: (sha: string, body: Buffer) => void) {
    this.#onTag = onTag;
  }

  write(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const nl = this.#pending.indexOf(10);
      if (nl === -1) return;
      const [sha = '', type = '', size = ''] = this.#pending.subarray(0, nl).toString('latin1').split(' ');
      const length = type === 'missing' ? -1 : Number(size);
      if (length < 0) {
        this.#pending = this.#pending.subarray(nl + 1);
        continue;
      }
      if (this.#pending.length < nl + 1 + length + 1) return;
      if (type === 'tag') this.#onTag(sha, this.#pending.subarray(nl + 1, nl + 1 + length));
      this.#pending = this.#pending.subarray(nl + 2 + length);
    }
  }
}

/** A tag object: headers (`object`, `type`, `tag`, `tagger`), a blank line, then the message. */
function sendTag(sha: string, body: Buffer, sink: LineSink, coverage: Coverage): void {
  const text = body.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = split === -1 ? text : text.slice(0, split);
  const message = split === -1 ? '' : text.slice(split + 2);
  const name = /^tag (.*)$/m.exec(headers)?.[1] ?? sha.slice(0, 12);
  const tagger = /^tagger (.*) <([^>]*)> (\d+) ([+-]\d{4})$/m.exec(headers);
  const commit: CommitInfo = {
    sha,
    author: tagger?.[1] ?? '',
    email: tagger?.[2] ?? '',
    date: tagger ? isoDate(Number(tagger[3]), tagger[4]!) : '',
  };
  if (message.length === 0) return;
  sink.startFile({ path: tagMessagePath(name), commit });
  const lines = message.endsWith('\n') ? message.slice(0, -1).split('\n') : message.split('\n');
  // The object is in memory already (tags are small), so its lines go out whole.
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    coverage.addedLines++;
    coverage.bytes += Buffer.byteLength(line, 'utf8');
    sink.line(line, i + 1);
  });
}

/** git's `<seconds> <+hhmm>` as ISO 8601 in the tagger's own offset, as `%aI` gives commits. */
function isoDate(seconds: number, zone: string): string {
  const sign = zone.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  const local = new Date((seconds + minutes * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${zone.slice(0, 3)}:${zone.slice(3, 5)}`;
}
