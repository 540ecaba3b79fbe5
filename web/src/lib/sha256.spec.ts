import { createHash, createHmac } from 'node:crypto';
import { hmacSha256, sha256 } from './sha256';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

describe('plain TypeScript SHA-256 and HMAC', () => {
  it('matches node:crypto on every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 200; n++) {
      expect(hex(sha256(bytes(n)))).toBe(createHash('sha256').update(bytes(n)).digest('hex'));
    }
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('matches node:crypto for HMAC with short, block-sized and long keys', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const mac = hmacSha256(bytes(keyLength));
      for (const n of [0, 5, 64, 100]) {
        expect(hex(mac(bytes(n)))).toBe(
          createHmac('sha256', bytes(keyLength)).update(bytes(n)).digest('hex'),
        );
      }
    }
  });
});
