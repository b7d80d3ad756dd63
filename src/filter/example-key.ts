// AWS's documentation example keys, allowed by rule rather than by one literal: gitleaks' `.+EXAMPLE$` for ids (AKIA
// and ASIA alike: GitHub allows only the AKIA form, agent-bom #4229), and the doc secrets, which all carry `EXAMPLE`
// (`wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`, its `+` variant, `JalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY`, …).
// A random key holds `EXAMPLE` with odds below 10⁻⁹ (id) and 10⁻¹¹ (secret), so no real key is hidden by this.
import { type Filter, suppressWhere } from './filter.js';

export function isExampleKeyId(id: string): boolean {
  return id.endsWith('EXAMPLE');
}

export function isExampleSecret(secret: string): boolean {
  return secret.includes('EXAMPLE');
}

/** Each value is judged by itself: a real secret next to an example id is still reported. */
export const exampleKeyFilter: Filter = suppressWhere((detection) =>
  detection.rule === 'aws-access-key-id'
    ? isExampleKeyId(detection.keyId ?? '')
    : isExampleSecret(detection.secret?.reveal() ?? ''),
);
