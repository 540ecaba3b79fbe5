import type { BankItem, BankSource } from './bank-format';
import { parseBankYaml } from './bank-loader';
import { checkBank } from './validate-bank';
import { writeBankYaml } from './yaml-export';

describe('writeBankYaml', () => {
  it('keeps currency, scope, recall, the check against the newer rule and the retirement reason', () => {
    const older: BankSource = {
      key: '旧条例',
      title: '旧条例',
      issuer: '国务院',
      status: 'partially-superseded',
      supersededBy: '新法',
      supersededFrom: '2026-05-01',
    };
    const newer: BankSource = {
      key: '新法',
      title: '新法',
      issuer: '全国人民代表大会常务委员会',
      status: 'in-force',
      scope: 'shared',
    };
    const base = {
      type: 'judge' as const,
      answer: true,
      source: { document: '旧条例', article: '第二条' },
      basis: '依据原文',
      disciplines: ['common'],
      difficulty: 2,
    };
    const items: BankItem[] = [
      {
        ...base,
        id: 'a-1',
        stem: '第一题',
        status: 'draft',
        recall: true,
        checkedAgainst: {
          document: '新法',
          article: '第三条',
          by: '王审',
          date: '2026-06-01',
          note: '新法同条未改',
        },
      },
      { ...base, id: 'a-2', stem: '第二题', status: 'retired', retiredReason: '新法已改' },
    ];
    const text = writeBankYaml({ sources: [older, newer], items });
    expect(text).toContain(
      'checkedAgainst: { document: 新法, article: 第三条, by: 王审, date: 2026-06-01, note: 新法同条未改 }',
    );
    const r = checkBank([parseBankYaml('x.yaml', text)], { laws: null, mode: 'files' });
    expect(r.issues).toEqual([]);
    expect([...r.sources.values()].map((s) => s.source)).toEqual([older, newer]);
    expect(r.items.map((c) => c.item)).toEqual(items);
  });
});
