import { createHash, createHmac } from 'node:crypto';

/**
 * A candidate's paper seed: HMAC-SHA256(key = the campaign seed's bytes, message = "paper:" + technicianId),
 * as 64 lowercase hex digits. The campaign seed is the draw's published seed, so anyone holding it can
 * re-derive every paper's seed.
 */
export function derivePaperSeed(campaignSeedHex: string, technicianId: number): string {
  return createHmac('sha256', Buffer.from(campaignSeedHex, 'hex'))
    .update(`paper:${technicianId}`, 'utf8')
    .digest('hex');
}

/**
 * The pseudo-random generator every paper draws from: sfc32 (Chris Doty-Humphrey's Small Fast Counting
 * generator) whose four 32-bit words a, b, c, d are the seed's first 16 bytes read big-endian, after 12
 * discarded outputs. Small enough to reimplement in any language.
 */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seedHex: string) {
    if (!/^[0-9a-f]{32,}$/i.test(seedHex)) {
      throw new Error('seed must be at least 32 hex digits');
    }
    const bytes = Buffer.from(seedHex.slice(0, 32), 'hex');
    this.a = bytes.readUInt32BE(0);
    this.b = bytes.readUInt32BE(4);
    this.c = bytes.readUInt32BE(8);
    this.d = bytes.readUInt32BE(12);
    for (let i = 0; i < 12; i++) {
      this.nextUint32();
    }
  }

  /** The next output, 0 … 2³²−1. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** floor(next × n / 2³²): an index in 0 … n−1 (n ≤ 2³²). */
  nextIndex(n: number): number {
    return Math.floor((this.nextUint32() * n) / 4294967296);
  }

  /** Fisher–Yates from the last position down: for i = n−1 … 1, swap i with nextIndex(i + 1). In place. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.nextIndex(i + 1);
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs;
  }
}

/**
 * SHA-256 over the pool a paper was assembled from, canonically "itemId:versionId" lines sorted by item id:
 * lets a checker tell whether the pool in hand is the one the paper came from.
 */
export function poolHash(pool: ReadonlyArray<{ itemId: number; versionId: number }>): string {
  const lines = pool
    .map((p) => [p.itemId, p.versionId] as const)
    .sort((x, y) => x[0] - y[0])
    .map(([i, v]) => `${i}:${v}\n`)
    .join('');
  return createHash('sha256').update(lines, 'utf8').digest('hex');
}
