import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { MAX_UPLOAD_NESTING, parseUploadedBankYaml, yamlNestingEstimate } from './upload-yaml';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? yamlFiles(p) : p.endsWith('.yaml') ? [p] : [];
  });
}

describe('yamlNestingEstimate', () => {
  it('keeps every shipped bank file far below the limit', () => {
    const files = yamlFiles(join(__dirname, '../../../question-bank'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(yamlNestingEstimate(readFileSync(f, 'utf8'))).toBeLessThan(MAX_UPLOAD_NESTING / 4);
    }
  });

  it('counts block indentation, sequence markers and open flow collections', () => {
    expect(yamlNestingEstimate('a: 1\nb:\n  c: [1, [2, 3]]\n')).toBe(4);
    expect(yamlNestingEstimate('- - - x\n')).toBe(6);
    expect(yamlNestingEstimate('['.repeat(500))).toBe(500);
    // Brackets in text, in quotes and in comments do not count.
    expect(yamlNestingEstimate('stem: 依据[第二十一条[一]\nbasis: "[[[[[["\nnote: x # [[[[[\n')).toBe(0);
    expect(
      yamlNestingEstimate(stringify({ items: [{ options: { A: 'a' }, key: ['A', 'B'] }] })),
    ).toBeLessThanOrEqual(8);
  });

  it('refuses deep nesting before parsing, block or flow', () => {
    const block = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), block, '- '.repeat(40)]) {
      expect(() => parseUploadedBankYaml('x.yaml', text)).toThrow(/嵌套层次过深/);
    }
  });
});
