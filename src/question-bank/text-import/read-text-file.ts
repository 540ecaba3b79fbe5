import { inflateRawSync } from 'node:zlib';
import { BANK_XLSX_LIMITS, inspectXlsx, XlsxUnreadableError } from '../../common/xlsx-guard';

/**
 * The text of an uploaded question file: a Word document (.docx, one line per paragraph) or a plain text
 * file (.txt in UTF-8, UTF-16 or the GB18030/GBK that Chinese Windows writes). A .docx is a zip archive: it
 * passes the same zip guard as an Excel upload (sizes, ratio, lying headers) before its `word/document.xml`
 * is inflated, and only that part is read.
 */

export type ReadResult = { text: string; autoNumbered: number } | { error: string };

export async function readImportFile(fileName: string, data: Buffer): Promise<ReadResult> {
  const lower = fileName.toLowerCase();
  const isZip = data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
  if (lower.endsWith('.doc') || (data.length >= 8 && data.readUInt32BE(0) === 0xd0cf11e0)) {
    return { error: '不支持旧版 Word（.doc）文件：请在 Word 中“另存为” .docx 或 .txt 后再导入' };
  }
  if (lower.endsWith('.docx') || isZip) {
    return readDocx(data);
  }
  return { text: decodeText(data), autoNumbered: 0 };
}

async function readDocx(data: Buffer): Promise<ReadResult> {
  let entries;
  try {
    entries = (await inspectXlsx(data, BANK_XLSX_LIMITS)).entries;
  } catch (err) {
    if (err instanceof XlsxUnreadableError) {
      return { error: '不是有效的 Word（.docx）文件' };
    }
    throw err;
  }
  const doc = entries.find((e) => e.name === 'word/document.xml');
  if (!doc) {
    return { error: '不是有效的 Word（.docx）文件：其中没有正文（word/document.xml）' };
  }
  const raw = data.subarray(doc.dataStart, doc.dataStart + doc.compressedSize);
  let xml: string;
  try {
    // The guard has inflated every entry once and held it to its declared size: the same bound applies here.
    xml = (
      doc.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: doc.uncompressedSize + 1 })
    ).toString('utf8');
  } catch {
    return { error: '不是有效的 Word（.docx）文件：正文无法解压' };
  }
  const { lines, autoNumbered } = docxLines(xml);
  return { text: lines.join('\n'), autoNumbered };
}

const PARAGRAPH = /<w:p(?:\s[^>]*)?\/>|<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g;
const RUN_PART = /<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:t(?:\s[^>]*)?\/>|<w:(tab|br|cr)(?:\s[^>]*)?\/>/g;

/**
 * The paragraphs of a document.xml as lines: text runs joined, tabs as spaces, manual line breaks as new lines;
 * deleted text of tracked changes (w:delText) and field codes are not text. `autoNumbered` counts paragraphs
 * whose number Word draws itself (the number is not in the text, so such items are not recognised).
 */
export function docxLines(xml: string): { lines: string[]; autoNumbered: number } {
  const lines: string[] = [];
  let autoNumbered = 0;
  for (const p of xml.matchAll(PARAGRAPH)) {
    const body = p[1] ?? '';
    if (/<w:numPr>/.test(body)) {
      autoNumbered += 1;
    }
    let text = '';
    for (const r of body.matchAll(RUN_PART)) {
      if (r[1] !== undefined) {
        text += decodeXml(r[1]);
      } else if (r[2] === 'tab') {
        text += ' ';
      } else if (r[2] === 'br' || r[2] === 'cr') {
        text += '\n';
      }
    }
    lines.push(...text.split('\n'));
  }
  return { lines, autoNumbered };
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (m, e: string) => {
    switch (e) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default: {
        const code = e.startsWith('#x') ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
    }
  });
}

/** Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (which includes GBK). */
export function decodeText(data: Buffer): string {
  if (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
    return data.subarray(3).toString('utf8');
  }
  if (data.length >= 2 && data[0] === 0xff && data[1] === 0xfe) {
    return new TextDecoder('utf-16le').decode(data.subarray(2));
  }
  if (data.length >= 2 && data[0] === 0xfe && data[1] === 0xff) {
    return new TextDecoder('utf-16be').decode(data.subarray(2));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return new TextDecoder('gb18030').decode(data);
  }
}
