// The README's generated sections: each lives between a BEGIN and an END marker and is rewritten from the source
// by `npm run docs` (scripts/docs.mjs). test/report/readme-docs.test.ts fails when README.md is stale.
import {
  GENERIC_KEY,
  REASON_MEANINGS,
  REMEDIATION_REASONS,
  remediationFor,
  remediationMarkdown,
  whatToDoMarkdown,
} from '../src/report/remediation.js';
import { actionInputsSection } from './action-inputs-table.js';

/** The rotation runbook and the advice for any finding, from src/report/remediation.ts. */
function remediationSection(): string {
  const rows = REMEDIATION_REASONS.map((reason) => {
    // With the owner known, so that the table shows each reason's own steps.
    const steps = remediationFor({ keyId: 'K', user: 'U', account: null, reason }).steps;
    return `| \`${reason}\` | ${REASON_MEANINGS[reason]} | ${steps.map((s) => s.title).join(' → ')} |`;
  });
  return [
    whatToDoMarkdown(),
    '',
    '### Rotation runbook',
    '',
    'For a leaked key whose owner is not known yet. Where secret-guard knows the user and the key (the text ' +
      "report's next steps after `--verify`, the GitHub Action's rotation issue, `secret-guard audit`), it fills " +
      'them into every command.',
    '',
    remediationMarkdown(remediationFor(GENERIC_KEY), { title: false, headingLevel: 3 }).trimEnd(),
    '',
    '### Why a key needs attention, and its steps',
    '',
    "Each reason gets its own order of the same steps (after a step that finds the key's owner, when IAM did not " +
      'name it). A leak is contained first, then rotated; a key that is only old is rotated first, then retired.',
    '',
    '| reason | meaning | steps |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export const SECTIONS: Readonly<Record<string, () => string>> = {
  remediation: remediationSection,
  'action-inputs': actionInputsSection,
};

function begin(name: string): string {
  return `<!-- BEGIN GENERATED: ${name} (npm run docs rewrites it from the source; do not edit by hand) -->`;
}

function end(name: string): string {
  return `<!-- END GENERATED: ${name} -->`;
}

/** The README with every generated section rewritten. Throws when a section's markers are missing or doubled. */
export function updateReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const [open, close] = [begin(name), end(name)];
    const start = out.indexOf(open);
    const stop = out.indexOf(close);
    if (start < 0 || stop < start || out.indexOf(open, start + 1) >= 0 || out.indexOf(close, stop + 1) >= 0) {
      throw new Error(`README.md needs exactly one pair of markers for '${name}':\n${open}\n${close}`);
    }
    out = `${out.slice(0, start + open.length)}\n\n${render()}\n\n${out.slice(stop)}`;
  }
  return out;
}
