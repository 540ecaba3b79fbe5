import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/*
 * A tiny zip writer for tests that need hostile archives: honest or lying size headers, and a sheet of hundreds
 * of megabytes deflated in streaming chunks (so the test itself never holds it in memory).
 */

export interface ZipPart {
  name: string;
  /** The deflated bytes. */
  compressed: Buffer;
  crc: number;
  /** The real uncompressed size. */
  size: number;
  /** What the headers claim (default: the real size). */
  declaredSize?: number;
}

export function deflatePart(name: string, text: string | Buffer): ZipPart {
  const data = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return { name, compressed: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/**
 * `head`, then `block` repeated until about `bytes`, then `tail`, deflated as a stream: memory stays at the
 * compressed output (≈ 1/300 of the input for the repeated rows below).
 */
export async function deflateRepeated(
  name: string,
  head: string,
  block: string,
  bytes: number,
  tail: string,
): Promise<ZipPart> {
  const deflater = createDeflateRaw({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  // Many blocks per write: fewer, larger writes keep generation fast.
  const one = Buffer.from(block, 'utf8');
  const chunk = Buffer.from(block.repeat(Math.max(1, Math.floor((1024 * 1024) / one.length))), 'utf8');
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => (deflater.write(b) ? resolve() : deflater.once('drain', resolve)));
  let crc = 0;
  let size = 0;
  const feed = async (b: Buffer) => {
    crc = crc32(b, crc);
    size += b.length;
    await write(b);
  };
  await feed(Buffer.from(head, 'utf8'));
  while (size + chunk.length < bytes) {
    await feed(chunk);
  }
  await feed(Buffer.from(tail, 'utf8'));
  deflater.end();
  await done;
  return { name, compressed: Buffer.concat(out), crc, size };
}

/** The archive: local headers and data, central directory, end record. */
export function writeZip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name, 'utf8');
    const declared = p.declaredSize ?? p.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(p.crc >>> 0, 14);
    local.writeUInt32LE(p.compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(p.crc >>> 0, 16);
    central.writeUInt32LE(p.compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, p.compressed);
    centrals.push(central, name);
    offset += local.length + name.length + p.compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = (sheet: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`;

export interface ZipBombOptions {
  /** Size of the sheet once inflated (default 400 MB). */
  sheetBytes?: number;
  /** What the headers claim for the sheet (default: the truth). A small value makes a lying header. */
  declaredSheetSize?: number;
  sheetName?: string;
}

/**
 * A real .xlsx zip bomb: a well-formed workbook whose one sheet is `sheetBytes` of identical rows, deflated to
 * ≈ 1/300 of that (400 MB → 1.4 MB).
 */
export async function buildZipBombXlsx(o: ZipBombOptions = {}): Promise<Buffer> {
  const sheet = await deflateRepeated(
    'xl/worksheets/sheet1.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
    '<row r="2"><c r="A2" t="inlineStr"><is><t>炸弹炸弹炸弹炸弹</t></is></c></row>',
    o.sheetBytes ?? 400 * 1024 * 1024,
    '</sheetData></worksheet>',
  );
  if (o.declaredSheetSize !== undefined) {
    sheet.declaredSize = o.declaredSheetSize;
  }
  return writeZip([
    deflatePart('[Content_Types].xml', CONTENT_TYPES),
    deflatePart('_rels/.rels', ROOT_RELS),
    deflatePart('xl/workbook.xml', WORKBOOK(o.sheetName ?? '技术人员')),
    deflatePart('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    sheet,
  ]);
}
