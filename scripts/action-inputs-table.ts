// The README's tables of the Action's inputs and outputs, made from action.yml (one source: the descriptions and
// defaults users see on the Marketplace are the ones the README shows).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface ActionYml {
  inputs?: Record<string, { description?: string; default?: string; required?: boolean }>;
  outputs?: Record<string, { description?: string }>;
}

/** One line of Markdown table cell text: folded, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

export function actionInputsTable(actionYml: string): string {
  const yml = parse(actionYml) as ActionYml;
  const inputs = Object.entries(yml.inputs ?? {}).map(
    ([name, input]) =>
      `| ${code(name)} | ${input.default === undefined || input.default === '' ? '' : code(String(input.default))} | ${cell(input.description ?? '')} |`,
  );
  const outputs = Object.entries(yml.outputs ?? {}).map(
    ([name, output]) => `| ${code(name)} | ${cell(output.description ?? '')} |`,
  );
  return [
    '| input | default | description |',
    '| --- | --- | --- |',
    ...inputs,
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
  ].join('\n');
}

/** The tables for the action.yml at the repository root. */
export function actionInputsSection(): string {
  return actionInputsTable(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
}
