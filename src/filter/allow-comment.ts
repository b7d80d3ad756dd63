// Same-line allow comments: secret-guard's own, and the peers' (so that teams moving from them keep their
// annotations). Honoured only when `allow.comments` is on; CI can turn it off so a comment cannot wave a key through.
import { type Filter, suppressWhere } from './filter.js';

const MARKERS: readonly RegExp[] = [
  /secret-guard:allow/i,
  // gitleaks: `strings.Contains(line, "gitleaks:allow")`.
  /gitleaks:allow/,
  // trufflehog: `trufflehog:ignore` on the line.
  /trufflehog:ignore/,
  // detect-secrets: `pragma: allowlist secret` (and the older `whitelist`, and `allowlist-secret`). The
  // `allowlist nextline secret` form speaks about the next line, not this one, and does not match.
  /pragma: ?(?:allow|white)list[ -]secret/,
];

// secretlint: `secretlint-disable-line`, optionally followed by the rule ids it applies to.
const SECRETLINT = /secretlint-disable-line\b(.*)/;

export function hasAllowComment(lineText: string): boolean {
  return MARKERS.some((marker) => marker.test(lineText)) || secretlintAllows(lineText);
}

/** `secretlint-disable-line` alone disables every rule; with rule ids, only an AWS rule's id counts. */
function secretlintAllows(lineText: string): boolean {
  const match = SECRETLINT.exec(lineText);
  if (!match) return false;
  const ruleIds = (match[1] ?? '')
    .replace(/\s--\s.*$/, '') // `-- description`
    .replace(/\*\/.*$|-->.*$/, '') // the end of a block or HTML comment
    .split(/[\s,]+/)
    .filter((id) => id.length > 0);
  return ruleIds.length === 0 || ruleIds.some((id) => /aws/i.test(id) || id.startsWith('secret-guard'));
}

export function allowCommentFilter(enabled: boolean): Filter {
  return suppressWhere((detection) => enabled && hasAllowComment(detection.lineText));
}
