import { describe, expect, it } from 'vitest';

import { exampleKeyFilter, isExampleKeyId, isExampleSecret } from '../../src/filter/example-key.js';
import { keyId, secret } from '../detect/test-keys.js';
import { lone, pair } from './detections.js';

describe('example keys', () => {
  it.each([
    ['the AKIA documentation id', 'AKIAIOSFODNN7EXAMPLE', true],
    ['the ASIA variant (which GitHub does not allow)', 'ASIAIOSFODNN7EXAMPLE', true],
    ['any id ending in EXAMPLE', 'AKIAZZZZQQQQ7EXAMPLE', true],
    ['a generated id', keyId(), false],
    ['EXAMPLE not at the end', ['AKIA', 'EXAMPLE', 'QQQQZZZZQ'].join(''), false],
  ])('isExampleKeyId: %s', (_name, id, expected) => {
    expect(isExampleKeyId(id)).toBe(expected);
  });

  it.each([
    ['the documentation secret', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', true],
    ['its + variant', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', true],
    ['its shifted variant', 'JalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY', true],
    ['the other documentation secret', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', true],
    ['EXAMPLE inside, AWS doc style', 'wJalrXUtnFEMI/K7MDENG/EXAMPLEbPxRfiCYKEY', true],
    ['a generated secret', secret(), false],
    ['lowercase example', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYexamplekey', false],
  ])('isExampleSecret: %s', (_name, value, expected) => {
    expect(isExampleSecret(value)).toBe(expected);
  });

  it('suppresses a documentation pair, both halves', () => {
    const detections = pair('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
    expect(exampleKeyFilter(detections)).toEqual({ kept: [], suppressed: detections });
  });

  it('judges each value by itself: a real secret next to an example id is kept', () => {
    const [id, real] = pair('AKIAIOSFODNN7EXAMPLE', secret());
    expect(exampleKeyFilter([id, real])).toEqual({ kept: [real], suppressed: [id] });
  });

  it('keeps generated keys', () => {
    const detections = [...pair(keyId(), secret()), lone('aws-access-key-id', keyId('999999999999', 'ASIA'))];
    expect(exampleKeyFilter(detections).kept).toEqual(detections);
  });
});
