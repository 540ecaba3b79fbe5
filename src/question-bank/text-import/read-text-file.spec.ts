import { deflatePart, writeZip } from '../../../test/support/zip-writer';
import { decodeText, docxLines, readImportFile } from './read-text-file';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const p = (...runs: string[]) => `<w:p><w:pPr><w:pStyle w:val="a"/></w:pPr>${runs.join('')}</w:p>`;
const r = (t: string) => `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">${t}</w:t></w:r>`;
const documentXml = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`;

describe('reading a Word document’s paragraphs', () => {
  it('joins the runs of each paragraph, keeps empty paragraphs as blank lines, decodes entities', () => {
    const xml = documentXml(
      p(r('1. 生产经营单位'), r('的主要负责人（  ）')) +
        '<w:p/>' +
        p(r('A.&#x7532;'), '<w:r><w:tab/></w:r>', r('B. &lt;乙&gt; &amp; 丙')) +
        p(r('答案：'), '<w:r><w:delText>B</w:delText></w:r>', r('A')) +
        p(r('解析：第一行'), '<w:r><w:br/></w:r>', r('第二行')),
    );
    expect(docxLines(xml)).toEqual({
      lines: [
        '1. 生产经营单位的主要负责人（  ）',
        '',
        'A.甲 B. <乙> & 丙',
        '答案：A',
        '解析：第一行',
        '第二行',
      ],
      autoNumbered: 0,
    });
  });

  it('counts paragraphs numbered by Word itself', () => {
    const xml = documentXml(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/></w:numPr></w:pPr>${r('题干')}</w:p>`);
    expect(docxLines(xml).autoNumbered).toBe(1);
  });

  it('reads a .docx through the zip guard, and refuses what is not one', async () => {
    const docx = writeZip([
      deflatePart('[Content_Types].xml', '<Types/>'),
      deflatePart('word/document.xml', documentXml(p(r('1. 题（ ）')) + p(r('答案：正确')))),
    ]);
    expect(await readImportFile('题库.docx', docx)).toEqual({
      text: '1. 题（ ）\n答案：正确',
      autoNumbered: 0,
    });
    expect(await readImportFile('题库.docx', Buffer.from('not a zip'))).toEqual({
      error: '不是有效的 Word（.docx）文件',
    });
    const noBody = writeZip([deflatePart('[Content_Types].xml', '<Types/>')]);
    expect(await readImportFile('x.docx', noBody)).toMatchObject({
      error: expect.stringContaining('没有正文'),
    });
    const oldWord = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await readImportFile('x.doc', oldWord)).toMatchObject({ error: expect.stringContaining('.doc') });
  });
});

describe('decoding a text file', () => {
  it('reads UTF-8 with and without BOM, UTF-16 with BOM, and GBK as Chinese Windows writes it', () => {
    expect(decodeText(Buffer.from('答案：A', 'utf8'))).toBe('答案：A');
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('答案', 'utf8')]))).toBe(
      '答案',
    );
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('答案', 'utf16le')]))).toBe(
      '答案',
    );
    // 安全 in GBK.
    expect(decodeText(Buffer.from([0xb0, 0xb2, 0xc8, 0xab]))).toBe('安全');
  });
});
