import { createInflateRaw } from 'node:zlib';
import { RuleViolationError } from './domain-error';

/*
 * The gate every uploaded Excel workbook passes before exceljs sees it. An .xlsx file is a zip archive; a small
 * one can inflate to gigabytes (a "zip bomb"), and its headers can lie about the sizes. So, before anything is
 * unpacked for real:
 *  1. the zip's central directory is read (no inflating) and the archive refused when it has too many entries,
 *     an entry whose declared uncompressed size is above the per-entry limit, a declared total above the total
 *     limit, or an entry inflating more than `maxRatio` times its compressed size;
 *  2. every entry is then inflated as a stream whose output is counted and thrown away (memory stays at a few
 *     chunks, and zlib works off the event loop), stopping at once when an entry yields more than its header
 *     declared: a lying header is caught after at most its declared size, never after the real one.
 * Only then may the caller hand the buffer to exceljs, which now cannot inflate more than the limits allow.
 * Pure Node (no Nest); the limits are documented in README (Security) and below.
 */

export interface XlsxLimits {
  /** The uploaded file itself (compressed). */
  maxFileBytes: number;
  /** Entries (files and folders) in the archive. */
  maxEntries: number;
  /** Uncompressed size of one entry. */
  maxEntryBytes: number;
  /** Uncompressed size of all entries together. */
  maxTotalBytes: number;
  /** Uncompressed ÷ compressed size of one entry, checked for entries above `ratioFloorBytes`. */
  maxRatio: number;
  /** Small entries (styles, relationships) may compress very well; the ratio is checked above this size. */
  ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

/**
 * Limits of an uploaded roster (the worker that reads it has its own memory limit): a 50,000-row roster written
 * by Excel or WPS has a sheet of 15–40 MB that compresses 5–15 times.
 */
export const ROSTER_XLSX_LIMITS: XlsxLimits = {
  maxFileBytes: 10 * MiB,
  maxEntries: 1000,
  maxEntryBytes: 128 * MiB,
  maxTotalBytes: 256 * MiB,
  maxRatio: 100,
  ratioFloorBytes: 1 * MiB,
};

/** Limits of an uploaded question-bank workbook (read on the main thread; a bank of 10,000 items is ~10 MB). */
export const BANK_XLSX_LIMITS: XlsxLimits = {
  maxFileBytes: 10 * MiB,
  maxEntries: 1000,
  maxEntryBytes: 64 * MiB,
  maxTotalBytes: 128 * MiB,
  maxRatio: 100,
  ratioFloorBytes: 1 * MiB,
};

export type XlsxRule =
  'file-size' | 'entries' | 'entry-size' | 'total-size' | 'ratio' | 'size-mismatch' | 'unsupported';

/** The file breaks one of the limits (422 with the reason, code `xlsx_refused`). Nothing was unpacked past it. */
export class XlsxRefusedError extends RuleViolationError {
  constructor(
    message: string,
    readonly rule: XlsxRule,
    readonly facts: { entry?: string; limit?: number; actual?: number } = {},
  ) {
    super(message, 'xlsx_refused', { rule, ...facts });
  }
}

/** The bytes are not a readable zip archive at all (callers answer with their own "not an .xlsx" message). */
export class XlsxUnreadableError extends Error {}

export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's data starts in the buffer. */
  dataStart: number;
}

export interface XlsxInspection {
  entries: ZipEntryInfo[];
  /** Bytes the entries really inflated to, all together. */
  totalBytes: number;
  /**
   * Row elements (`<row …>`) found in each worksheet part (`xl/worksheets/*.xml`), counted while inflating:
   * blank rows that carry formatting are counted too, so it is an upper bound of the data rows.
   */
  rowElements: Map<string, number>;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const mb = (n: number) => `${Math.round((n / MiB) * 10) / 10} MB`;

/**
 * Reads the central directory and checks the declared sizes against the limits, without inflating anything.
 * Throws XlsxRefusedError (a limit) or XlsxUnreadableError (not a zip archive).
 */
export function readZipDirectory(buf: Buffer, limits: XlsxLimits): ZipEntryInfo[] {
  if (buf.length > limits.maxFileBytes) {
    throw new XlsxRefusedError(`文件过大：${mb(buf.length)}，上限 ${mb(limits.maxFileBytes)}`, 'file-size', {
      limit: limits.maxFileBytes,
      actual: buf.length,
    });
  }
  // The end-of-central-directory record: the last one in the file, as zip readers (and exceljs's JSZip) take it.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) {
    throw new XlsxUnreadableError('not a zip archive (no end of central directory)');
  }
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new XlsxRefusedError('不支持 ZIP64 格式的文件（名册与题库文件不需要）', 'unsupported');
  }
  if (count > limits.maxEntries) {
    throw new XlsxRefusedError(
      `文件内含 ${count} 个部件，超过上限 ${limits.maxEntries} 个，疑为恶意构造的文件`,
      'entries',
      { limit: limits.maxEntries, actual: count },
    );
  }
  if (cdOffset + cdSize > eocd) {
    throw new XlsxUnreadableError('central directory outside the file');
  }
  const entries: ZipEntryInfo[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) {
      throw new XlsxUnreadableError('bad central directory entry');
    }
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localOffset === 0xffffffff) {
      throw new XlsxRefusedError('不支持 ZIP64 格式的文件（名册与题库文件不需要）', 'unsupported', {
        entry: name,
      });
    }
    if (flags & 0x1) {
      throw new XlsxRefusedError('文件已加密，请取消密码保护后再上传', 'unsupported', { entry: name });
    }
    if (method !== 0 && method !== 8) {
      throw new XlsxRefusedError(`文件部件 ${name} 使用了不支持的压缩方式（${method}）`, 'unsupported', {
        entry: name,
      });
    }
    if (uncompressedSize > limits.maxEntryBytes) {
      throw new XlsxRefusedError(
        `文件部件 ${name} 解压后为 ${mb(uncompressedSize)}，超过单个部件上限 ${mb(limits.maxEntryBytes)}，疑为压缩炸弹`,
        'entry-size',
        { entry: name, limit: limits.maxEntryBytes, actual: uncompressedSize },
      );
    }
    if (
      uncompressedSize > limits.ratioFloorBytes &&
      uncompressedSize > limits.maxRatio * Math.max(1, compressedSize)
    ) {
      const ratio = Math.round(uncompressedSize / Math.max(1, compressedSize));
      throw new XlsxRefusedError(
        `文件部件 ${name} 的压缩比为 ${ratio}:1，超过上限 ${limits.maxRatio}:1，疑为压缩炸弹`,
        'ratio',
        { entry: name, limit: limits.maxRatio, actual: ratio },
      );
    }
    total += uncompressedSize;
    if (total > limits.maxTotalBytes) {
      throw new XlsxRefusedError(
        `文件解压后超过 ${mb(limits.maxTotalBytes)} 的上限，疑为压缩炸弹`,
        'total-size',
        { limit: limits.maxTotalBytes, actual: total },
      );
    }
    if (method === 0 && compressedSize !== uncompressedSize) {
      throw new XlsxUnreadableError(`stored entry ${name} with two sizes`);
    }
    if (localOffset + 30 > cdOffset || buf.readUInt32LE(localOffset) !== LOCAL) {
      throw new XlsxUnreadableError(`bad local header of ${name}`);
    }
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > cdOffset) {
      throw new XlsxUnreadableError(`entry ${name} runs past its data`);
    }
    entries.push({ name, method, compressedSize, uncompressedSize, dataStart });
  }
  return entries;
}

/** Worksheet parts, whose row elements are counted. */
const WORKSHEET = /^xl\/worksheets\/[^/]+\.xml$/i;
/** A row element's start tag, with or without a namespace prefix (not <rowBreaks>). */
const ROW_TAG = /<(?:[A-Za-z_][\w.-]*:)?row[\s>/]/g;
/** Longer than any row start tag: a match starting in the last KEEP characters is looked for again. */
const KEEP = 40;

/** Counts row start tags across chunk boundaries. */
class RowCounter {
  count = 0;
  private carry = '';

  push(chunk: Buffer): void {
    const s = this.carry + chunk.toString('latin1');
    const limit = s.length - KEEP;
    ROW_TAG.lastIndex = 0;
    for (let m = ROW_TAG.exec(s); m && m.index < limit; m = ROW_TAG.exec(s)) {
      this.count++;
    }
    this.carry = s.slice(Math.max(0, limit));
  }

  end(): void {
    ROW_TAG.lastIndex = 0;
    while (ROW_TAG.exec(this.carry)) {
      this.count++;
    }
    this.carry = '';
  }
}

/**
 * Inflates one entry as a stream, counting and discarding the output; refuses as soon as it yields more than
 * its header declared (or than `hardLimit`).
 */
function inflateCounting(
  data: Buffer,
  entry: ZipEntryInfo,
  hardLimit: number,
  rows: RowCounter | null,
): Promise<number> {
  const allowed = Math.min(entry.uncompressedSize, hardLimit);
  return new Promise<number>((resolve, reject) => {
    const inflater = createInflateRaw({ chunkSize: 64 * 1024 });
    let out = 0;
    let settled = false;
    const finish = (err: Error | null, n = 0) => {
      if (settled) {
        return;
      }
      settled = true;
      if (err) {
        inflater.destroy();
        reject(err);
      } else {
        resolve(n);
      }
    };
    inflater.on('data', (chunk: Buffer) => {
      out += chunk.length;
      if (out > allowed) {
        finish(
          new XlsxRefusedError(
            `文件部件 ${entry.name} 解压后超过其声明的大小（声明 ${entry.uncompressedSize} 字节），文件头与内容不符，疑为压缩炸弹`,
            'size-mismatch',
            { entry: entry.name, limit: entry.uncompressedSize, actual: out },
          ),
        );
        return;
      }
      rows?.push(chunk);
    });
    inflater.on('end', () => {
      rows?.end();
      if (out !== entry.uncompressedSize) {
        finish(
          new XlsxUnreadableError(`entry ${entry.name} inflated to ${out}, not ${entry.uncompressedSize}`),
        );
      } else {
        finish(null, out);
      }
    });
    inflater.on('error', (err) => finish(new XlsxUnreadableError(`entry ${entry.name}: ${err.message}`)));
    inflater.end(data);
  });
}

/**
 * The whole check: the central directory against the limits, then every entry inflated with its output counted
 * (bounded memory, off the event loop). Resolves with what was found; throws XlsxRefusedError or
 * XlsxUnreadableError.
 */
export async function inspectXlsx(buf: Buffer, limits: XlsxLimits): Promise<XlsxInspection> {
  const entries = readZipDirectory(buf, limits);
  const rowElements = new Map<string, number>();
  let totalBytes = 0;
  for (const e of entries) {
    if (e.method === 0) {
      totalBytes += e.uncompressedSize;
      if (WORKSHEET.test(e.name)) {
        const rows = new RowCounter();
        rows.push(buf.subarray(e.dataStart, e.dataStart + e.compressedSize));
        rows.end();
        rowElements.set(e.name, rows.count);
      }
      continue;
    }
    const rows = WORKSHEET.test(e.name) ? new RowCounter() : null;
    totalBytes += await inflateCounting(
      buf.subarray(e.dataStart, e.dataStart + e.compressedSize),
      e,
      Math.min(limits.maxEntryBytes, limits.maxTotalBytes - totalBytes),
      rows,
    );
    if (rows) {
      rowElements.set(e.name, rows.count);
    }
  }
  return { entries, totalBytes, rowElements };
}
