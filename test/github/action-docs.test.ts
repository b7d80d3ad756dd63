// The README's tables of the Action's inputs and outputs are made from action.yml (test/report/readme-docs.test.ts
// fails when the README is stale), and every input the Action reads is declared there, with a description and a
// default.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actionInputsTable } from '../../scripts/action-inputs-table.js';
import { readInputs } from '../../src/github/action-inputs.js';

interface ActionYml {
  inputs: Record<string, { description?: string; default?: string }>;
  outputs: Record<string, { description?: string }>;
  runs: { using: string; main: string };
}

describe('action.yml', () => {
  it('renders each input with its default, folding descriptions and escaping pipes', () => {
    const table = actionInputsTable(
      'inputs:\n  a:\n    description: >-\n      one | two\n      three\n    default: x\n  b:\n    description: none\noutputs:\n  o:\n    description: out\n',
    );
    expect(table).toContain('| `a` | `x` | one \\| two three |');
    expect(table).toContain('| `b` |  | none |');
    expect(table).toContain('| `o` | out |');
  });

  it('declares every input the Action reads, each with a description and a default, on node24', () => {
    const yml = parse(readFileSync('action.yml', 'utf8')) as ActionYml;
    const read = new Set<string>();
    readInputs((name) => {
      read.add(name);
      return '';
    });
    expect([...read].sort()).toEqual(Object.keys(yml.inputs).sort());
    for (const [name, input] of Object.entries(yml.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.default, name).toBeDefined();
    }
    expect(Object.keys(yml.outputs).sort()).toEqual(['confirmed-leaks', 'findings', 'issues', 'sarif-file']);
    expect(yml.runs).toEqual({ using: 'node24', main: 'dist/action.js' });
  });
});
