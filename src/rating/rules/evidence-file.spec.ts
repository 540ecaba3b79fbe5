import { evidenceMime, parts, safeFileName } from './evidence-file';

describe('evidence files', () => {
  it('reads the type from the bytes: PDF, PNG and JPEG only', () => {
    expect(evidenceMime(Buffer.from('%PDF-1.7\n…'))).toBe('application/pdf');
    expect(evidenceMime(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(evidenceMime(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(evidenceMime(Buffer.from('PK\u0003\u0004'))).toBeNull(); // a .docx or .xlsx
    expect(evidenceMime(Buffer.from('MZ'))).toBeNull();
    expect(evidenceMime(Buffer.alloc(0))).toBeNull();
  });

  it('keeps only a plain file name', () => {
    expect(safeFileName('C:\\\\现场\\办公室照片.jpg')).toBe('办公室照片.jpg');
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('a"b\u0007.pdf')).toBe('ab.pdf');
    expect(safeFileName('   ')).toBe('证据');
  });

  it('splits base64 into parts that join back', () => {
    const s = 'QUJD'.repeat(10);
    expect(parts(s, 12)).toHaveLength(4);
    expect(parts(s, 12).join('')).toBe(s);
    expect(parts('')).toEqual(['']);
  });
});
