import ExcelJS from 'exceljs';
import {
  cellText,
  ITEM_COLUMNS,
  parseAnswerCell,
  parseDisciplinesCell,
  readItemsWorkbook,
  writeItemsWorkbook,
  writeTemplateWorkbook,
} from './excel-io';
import type { BankItem } from './bank-format';

describe('spreadsheet cells', () => {
  it('reads answers the way people type them', () => {
    expect(parseAnswerCell('judge', '正确')).toEqual({ value: true });
    expect(parseAnswerCell('judge', '×')).toEqual({ value: false });
    expect(parseAnswerCell('judge', 'B')).toEqual({ error: '判断题答案须为“正确”或“错误”' });
    expect(parseAnswerCell('single', ' b ')).toEqual({ value: 'B' });
    expect(parseAnswerCell('single', 'AB')).toHaveProperty('error');
    expect(parseAnswerCell('multiple', 'D、A，C')).toEqual({ value: ['A', 'C', 'D'] });
    expect(parseAnswerCell('multiple', 'AAC')).toEqual({ error: '多选题答案中有重复的字母' });
    expect(parseAnswerCell('multiple', 'A,X')).toHaveProperty('error');
  });

  it('reads disciplines by Chinese name or code', () => {
    expect(parseDisciplinesCell('通用')).toEqual({ value: ['common'] });
    expect(parseDisciplinesCell('冶金、有色 machinery')).toEqual({
      value: ['metallurgy', 'nonferrous', 'machinery'],
    });
    expect(parseDisciplinesCell('造船')).toHaveProperty('error');
  });

  it('reads rich text, formulas and dates as text', () => {
    expect(cellText({ richText: [{ text: '第' }, { text: '五条' }] })).toBe('第五条');
    expect(cellText({ formula: 'A1', result: 3 })).toBe('3');
    expect(cellText(new Date(Date.UTC(2021, 8, 1)))).toBe('2021-09-01');
    expect(cellText('  ')).toBeUndefined();
    expect(cellText(null)).toBeUndefined();
  });
});

describe('workbooks', () => {
  const item: BankItem = {
    id: 'x-1',
    type: 'multiple',
    stem: '题干',
    options: { A: '甲', B: '乙', C: '丙', D: '丁', E: '戊' },
    answer: ['A', 'E'],
    source: { document: 'GB 1', article: '5.5' },
    basis: '原文',
    disciplines: ['metallurgy', 'textile'],
    difficulty: 4,
    status: 'retired',
    explanation: '解析',
  };
  const source = { key: 'GB 1', title: '标准', issuer: '某部门', status: 'superseded' as const };

  it('reads back what it writes', async () => {
    const { input, issues } = await readItemsWorkbook(
      'x.xlsx',
      await writeItemsWorkbook({ sources: [source], items: [item] }),
    );
    expect(issues).toEqual([]);
    expect(input.data).toEqual({ sources: [source], items: [item] });
    expect(input.itemLocation(0)).toEqual({ file: 'x.xlsx', row: 2 });
  });

  it('reads back the currency fields, the recall tag, the check against the newer rule and the retirement reason', async () => {
    const older = {
      key: '旧条例',
      title: '旧条例',
      issuer: '国务院',
      status: 'partially-superseded' as const,
      supersededBy: '新法',
      supersededFrom: '2026-05-01',
    };
    const newer = {
      key: '新法',
      title: '新法',
      issuer: '全国人大常委会',
      status: 'in-force' as const,
      scope: 'shared' as const,
    };
    const tagged: BankItem = {
      ...item,
      id: 'x-2',
      status: 'approved',
      recall: true,
      checkedAgainst: { document: '新法', article: '第三条', by: '王审', date: '2026-06-01', note: '未改' },
    };
    const retired: BankItem = { ...item, id: 'x-3', retiredReason: '新法已改' };
    const { input, issues } = await readItemsWorkbook(
      'x.xlsx',
      await writeItemsWorkbook({ sources: [older, newer], items: [tagged, retired] }),
    );
    expect(issues).toEqual([]);
    expect(input.data).toEqual({ sources: [older, newer], items: [tagged, retired] });
  });

  it('reads a sheet made from the older template, without the optional columns', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('题目');
    sheet.addRow(ITEM_COLUMNS.filter((c) => !('optional' in c)).map((c) => c.header));
    sheet.addRow([
      'x-9',
      '判断',
      '题干',
      null,
      null,
      null,
      null,
      null,
      '正确',
      'GB 1',
      '5.5',
      '原文',
      '通用',
      2,
      '草稿',
      null,
    ]);
    const { input, issues } = await readItemsWorkbook('old.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(issues).toEqual([]);
    expect((input.data as { items: BankItem[] }).items).toEqual([
      {
        id: 'x-9',
        type: 'judge',
        stem: '题干',
        answer: true,
        source: { document: 'GB 1', article: '5.5' },
        basis: '原文',
        disciplines: ['common'],
        difficulty: 2,
        status: 'draft',
      },
    ]);
  });

  it('offers a template whose example row is a valid draft', async () => {
    const { input, issues } = await readItemsWorkbook('t.xlsx', await writeTemplateWorkbook());
    expect(issues).toEqual([]);
    expect((input.data as { items: BankItem[] }).items[0]).toMatchObject({
      id: 'xls-0001',
      status: 'draft',
      answer: 'A',
    });
  });

  it('refuses what is not a workbook', async () => {
    const { input } = await readItemsWorkbook('x.xlsx', Buffer.from('not a zip'));
    expect(input.parseError?.reason).toBe('不是有效的 Excel（.xlsx）文件');
  });
});
