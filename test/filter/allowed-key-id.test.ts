import { describe, expect, it } from 'vitest';

import { allowedKeyIdFilter } from '../../src/filter/allowed-key-id.js';
import { scanText, valueOf } from '../detect/scan.js';
import { keyId, secret } from '../detect/test-keys.js';
import { lone, onOneLine, pair, places } from './detections.js';

describe('allowed key ids', () => {
  const canary = keyId('210987654321');
  const other = keyId();

  it('suppresses the allowed id and the secret paired with it on the same line', () => {
    const allowed = onOneLine(pair(canary, secret()));
    const reported = onOneLine(pair(other, secret()));
    expect(allowedKeyIdFilter([canary])([...allowed, ...reported])).toEqual({
      kept: reported,
      suppressed: allowed,
    });
  });

  it('keeps a secret on another line: pairing across lines is a guess, and the secret may be real', () => {
    const [id, nextLine] = pair(canary, secret());
    expect(allowedKeyIdFilter([canary])([id, nextLine])).toEqual({ kept: [nextLine], suppressed: [id] });
  });

  it('keeps a secret whose same-line id is another, even when it names the allowed id as its pair', () => {
    // The same line holds the allowed id only in another file: the place must match, not the id alone.
    const [id] = onOneLine(pair(canary, secret(), { file: 'a.csv' }));
    const [, elsewhere] = onOneLine(pair(canary, secret(), { file: 'b.csv' }));
    expect(allowedKeyIdFilter([canary])([id, elsewhere]).kept).toEqual([elsewhere]);
  });

  it('keeps a secret that is not paired with the allowed id', () => {
    const unpaired = lone('aws-secret-access-key', secret());
    expect(allowedKeyIdFilter([canary])([unpaired]).kept).toEqual([unpaired]);
  });

  it('accepts ids written in lowercase or with spaces in the configuration', () => {
    const detections = onOneLine(pair(canary, secret()));
    expect(allowedKeyIdFilter([`  ${canary.toLowerCase()} `])(detections).suppressed).toEqual(detections);
  });

  it('suppresses nothing without allowed ids', () => {
    const detections = onOneLine(pair(canary, secret()));
    expect(allowedKeyIdFilter([])(detections).kept).toEqual(detections);
  });

  describe('on what the detector finds', () => {
    const real = secret();
    const filter = allowedKeyIdFilter([canary]);

    it('a real secret on the line under a test id is still reported', () => {
      const found = scanText(`TEST_KEY_ID=${canary}\nAWS_SECRET_ACCESS_KEY=${real}\n`, 'app.env');
      // The detector pairs them by distance: the secret names the test id as its key id.
      expect(found.find((d) => d.rule === 'aws-secret-access-key')?.keyId).toBe(canary);
      const { kept, suppressed } = filter(found);
      expect(places(suppressed)).toEqual(['aws-access-key-id@app.env:1']);
      expect(kept.map(valueOf)).toEqual([real]);
    });

    it("a test key's own secret in a CSV row goes with its id", () => {
      const csv = `User name,Access key ID,Secret access key\ntest,${canary},${secret()}\n`;
      const found = scanText(csv, 'test_credentials.csv');
      expect(found).toHaveLength(2);
      expect(filter(found).kept).toEqual([]);
    });
  });
});
