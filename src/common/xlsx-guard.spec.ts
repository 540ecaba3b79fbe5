import ExcelJS from 'exceljs';
import { buildZipBombXlsx, deflatePart, writeZip } from '../../test/support/zip-writer';
import {
  inspectXlsx,
  readZipDirectory,
  ROSTER_XLSX_LIMITS,
  XlsxLimits,
  XlsxRefusedError,
  XlsxUnreadableError,
} from './xlsx-guard';

const small: XlsxLimits = {
  maxFileBytes: 1024 * 1024,
  maxEntries: 10,
  maxEntryBytes: 256 * 1024,
  maxTotalBytes: 400 * 1024,
  maxRatio: 50,
  ratioFloorBytes: 16 * 1024,
};

async function refusal(p: Promise<unknown> | (() => unknown)): Promise<XlsxRefusedError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(XlsxRefusedError);
    return err as XlsxRefusedError;
  }
  throw new Error('expected a refusal');
}

/** Text that does not compress much (so that ratio limits do not get in the way). */
function noise(bytes: number, seed = 1): string {
  let x = seed;
  let s = '';
  while (s.length < bytes) {
    x = (x * 1103515245 + 12345) >>> 0;
    s += x.toString(36);
  }
  return s.slice(0, bytes);
}

describe('xlsx guard', () => {
  it('passes a real workbook and counts the row elements of each worksheet', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('技术人员');
    ws.addRow(['姓名', '身份证号码']);
    for (let i = 0; i < 250; i++) {
      ws.addRow([`人员${i}`, `1101051949123100${i % 10}X`]);
    }
    wb.addWorksheet('空');
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await inspectXlsx(buf, ROSTER_XLSX_LIMITS);
    expect(r.entries.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    expect(r.rowElements.get('xl/worksheets/sheet1.xml')).toBe(251);
    expect(r.rowElements.get('xl/worksheets/sheet2.xml')).toBe(0);
    expect(r.totalBytes).toBe(r.entries.reduce((s, e) => s + e.uncompressedSize, 0));
  });

  it('counts rows across chunk boundaries and with a namespace prefix, never <rowBreaks>', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `<x:row r="${i + 1}"><x:c/></x:row>`).join('');
    const xml = `<x:worksheet><x:sheetData>${rows}</x:sheetData><x:rowBreaks count="1"/></x:worksheet>`;
    const buf = writeZip([deflatePart('xl/worksheets/sheet1.xml', `${xml}${noise(40_000)}`)]);
    const r = await inspectXlsx(buf, ROSTER_XLSX_LIMITS);
    expect(r.rowElements.get('xl/worksheets/sheet1.xml')).toBe(20_000);
  });

  it('refuses from the declared sizes alone: entry size, total, ratio, entries, file size', async () => {
    const big = writeZip([{ ...deflatePart('a.xml', noise(1000)), declaredSize: 300 * 1024 }]);
    expect((await refusal(() => readZipDirectory(big, small))).rule).toBe('entry-size');

    const total = writeZip([
      deflatePart('a.xml', noise(200 * 1024, 1)),
      deflatePart('b.xml', noise(200 * 1024, 2)),
      deflatePart('c.xml', noise(200 * 1024, 3)),
    ]);
    expect((await refusal(() => readZipDirectory(total, small))).rule).toBe('total-size');

    const ratio = writeZip([deflatePart('a.xml', 'A'.repeat(100 * 1024))]);
    const r = await refusal(() => readZipDirectory(ratio, small));
    expect(r.rule).toBe('ratio');
    expect(r.message).toContain('压缩比');

    const many = writeZip(Array.from({ length: 11 }, (_, i) => deflatePart(`p${i}.xml`, 'x')));
    expect((await refusal(() => readZipDirectory(many, small))).rule).toBe('entries');

    const huge = Buffer.concat([Buffer.alloc(small.maxFileBytes), writeZip([deflatePart('a', 'x')])]);
    expect((await refusal(() => readZipDirectory(huge, small))).rule).toBe('file-size');
  });

  it('small entries may compress very well (styles, relationships)', async () => {
    const buf = writeZip([deflatePart('xl/styles.xml', ' '.repeat(15 * 1024))]);
    await expect(inspectXlsx(buf, small)).resolves.toBeDefined();
  });

  it('catches a lying header while inflating, after at most the declared size', async () => {
    const bomb = await buildZipBombXlsx({ sheetBytes: 50 * 1024 * 1024, declaredSheetSize: 4096 });
    const err = await refusal(inspectXlsx(bomb, ROSTER_XLSX_LIMITS));
    expect(err.rule).toBe('size-mismatch');
    expect(err.message).toContain('声明');
    expect((err.details as { actual: number }).actual).toBeLessThan(4096 + 128 * 1024);
  });

  it('refuses an honest zip bomb before inflating anything', async () => {
    const bomb = await buildZipBombXlsx({ sheetBytes: 200 * 1024 * 1024 });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const err = await refusal(inspectXlsx(bomb, ROSTER_XLSX_LIMITS));
    expect(['entry-size', 'ratio']).toContain(err.rule);
    expect(err.code).toBe('xlsx_refused');
  });

  it('tells bytes that are no zip archive from a refusal', async () => {
    await expect(inspectXlsx(Buffer.from('not a workbook'), small)).rejects.toBeInstanceOf(
      XlsxUnreadableError,
    );
    const part = deflatePart('a.xml', noise(1000));
    const truncated = writeZip([{ ...part, compressed: part.compressed.subarray(0, 100) }]);
    await expect(inspectXlsx(truncated, small)).rejects.toBeInstanceOf(XlsxUnreadableError);
  });
});
