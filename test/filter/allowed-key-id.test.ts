import { describe, expect, it } from 'vitest';

import { allowedKeyIdFilter } from '../../src/filter/allowed-key-id.js';
import { keyId, secret } from '../detect/test-keys.js';
import { lone, pair } from './detections.js';

describe('allowed key ids', () => {
  const canary = keyId('210987654321');
  const other = keyId();

  it('suppresses the allowed id and its paired secret', () => {
    const allowed = pair(canary, secret());
    const reported = pair(other, secret());
    expect(allowedKeyIdFilter([canary])([...allowed, ...reported])).toEqual({
      kept: reported,
      suppressed: allowed,
    });
  });

  it('keeps a secret that is not paired with the allowed id', () => {
    const unpaired = lone('aws-secret-access-key', secret());
    expect(allowedKeyIdFilter([canary])([unpaired]).kept).toEqual([unpaired]);
  });

  it('accepts ids written in lowercase or with spaces in the configuration', () => {
    const detections = pair(canary, secret());
    expect(allowedKeyIdFilter([`  ${canary.toLowerCase()} `])(detections).suppressed).toEqual(detections);
  });

  it('suppresses nothing without allowed ids', () => {
    const detections = pair(canary, secret());
    expect(allowedKeyIdFilter([])(detections).kept).toEqual(detections);
  });
});
