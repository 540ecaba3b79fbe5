import { COMMON, DEFAULT_DISCIPLINES } from '../../config/disciplines';
import { ITEM_STATUSES, ItemStatus, QUESTION_TYPES, QuestionType } from '../question-type';
import type { BankSource } from './bank-format';
import { toChineseNumber } from './chinese-numeral';
import type { LawLibrary } from './law-library';
import type { CheckedItem } from './validate-bank';

/** Counts of the bank, each as label → number, in a stable order. */
export interface BankCounts {
  total: number;
  bySource: Array<{ key: string; total: number; byStatus: Record<ItemStatus, number> }>;
  /** `common` first, then the ten disciplines; an item tagged with several disciplines counts under each. */
  byDiscipline: Array<{ code: string; name: string; total: number; approved: number }>;
  byType: Record<QuestionType, number>;
  byStatus: Record<ItemStatus, number>;
  /** How single-choice keys spread over A–D and how many judge items are true (approved and draft). */
  keyBalance: {
    single: Record<string, number>;
    multipleSizes: Record<string, number>;
    judgeTrue: number;
    judgeFalse: number;
  };
}

const zeroStatus = (): Record<ItemStatus, number> =>
  Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as Record<ItemStatus, number>;

export function countBank(items: readonly CheckedItem[]): BankCounts {
  const bySource = new Map<string, Record<ItemStatus, number>>();
  const byType = Object.fromEntries(QUESTION_TYPES.map((t) => [t, 0])) as Record<QuestionType, number>;
  const byStatus = zeroStatus();
  const disciplines = [{ code: COMMON, name: '通用（法律法规）' }, ...DEFAULT_DISCIPLINES];
  const byDiscipline = new Map(
    disciplines.map((d) => [d.code, { code: d.code, name: d.name, total: 0, approved: 0 }]),
  );
  const keyBalance: BankCounts['keyBalance'] = {
    single: { A: 0, B: 0, C: 0, D: 0 },
    multipleSizes: {},
    judgeTrue: 0,
    judgeFalse: 0,
  };
  for (const { item } of items) {
    const s = bySource.get(item.source.document) ?? zeroStatus();
    s[item.status]++;
    bySource.set(item.source.document, s);
    byType[item.type]++;
    byStatus[item.status]++;
    for (const code of item.disciplines) {
      const d = byDiscipline.get(code);
      if (d) {
        d.total++;
        d.approved += item.status === 'approved' ? 1 : 0;
      }
    }
    if (item.status === 'retired') {
      continue;
    }
    if (item.type === 'single' && typeof item.answer === 'string') {
      keyBalance.single[item.answer] = (keyBalance.single[item.answer] ?? 0) + 1;
    } else if (item.type === 'judge') {
      keyBalance[item.answer === true ? 'judgeTrue' : 'judgeFalse']++;
    } else if (Array.isArray(item.answer)) {
      const k = String(item.answer.length);
      keyBalance.multipleSizes[k] = (keyBalance.multipleSizes[k] ?? 0) + 1;
    }
  }
  return {
    total: items.length,
    bySource: [...bySource.entries()]
      .map(([key, byStatus]) => ({
        key,
        byStatus,
        total: ITEM_STATUSES.reduce((n, st) => n + byStatus[st], 0),
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
    byDiscipline: [...byDiscipline.values()],
    byType,
    byStatus,
    keyBalance,
  };
}

/** One content target of issue 3, with what the bank has. */
export interface ContentTarget {
  label: string;
  required: number;
  actual: number;
  met: boolean;
  /** Sub-counts (per chapter), each with its own verdict. */
  parts?: Array<{ label: string; actual: number; met: boolean }>;
  note?: string;
}

/** Names under which the bank may cite each targeted document (its key or full title). */
const WORK_SAFETY_LAW = ['安全生产法', '中华人民共和国安全生产法'];
const SHANDONG_REGULATION = ['山东省安全生产条例'];
const ACCIDENT_REGULATIONS = ['生产安全事故报告和调查处理条例', '生产安全事故应急条例'];
const EVALUATION_AGENCY_MEASURES = ['安全评价检测检验机构管理办法'];

function cites(names: readonly string[]): (s: BankSource) => boolean {
  return (s) => names.includes(s.key) || names.includes(s.title);
}

/**
 * The content targets of issue 3: 安全生产法 ≥ 150 approved over all seven chapters; 山东省安全生产条例 ≥ 80
 * approved; 事故报告和调查处理条例 + 应急条例 ≥ 40 approved together; 安全评价检测检验机构管理办法 ≥ 40; each
 * discipline ≥ 40. "Any status" targets count draft and approved items (retired ones are no longer content).
 */
export function contentTargets(items: readonly CheckedItem[], laws: LawLibrary | null): ContentTarget[] {
  const approved = items.filter((i) => i.item.status === 'approved');
  const live = items.filter((i) => i.item.status !== 'retired');
  const count = (list: readonly CheckedItem[], pred: (s: BankSource) => boolean) =>
    list.filter((i) => pred(i.source)).length;
  const target = (label: string, required: number, actual: number, note?: string): ContentTarget => ({
    label,
    required,
    actual,
    met: actual >= required,
    note,
  });

  const wsl = approved.filter((i) => cites(WORK_SAFETY_LAW)(i.source));
  const lawFile = wsl.find((i) => i.source.lawFile)?.source.lawFile;
  const law = lawFile && laws ? laws.get(lawFile) : null;
  const wslTarget = target('安全生产法（2021）已批准', 150, wsl.length);
  if (law && law.chapters.length > 0) {
    wslTarget.parts = law.chapters.map((c) => {
      const actual = wsl.filter(
        (i) => i.verdict?.status === 'verified' && i.verdict.chapter === c.number,
      ).length;
      return {
        label: `第${toChineseNumber(c.number)}章 ${c.title.replace(/\s+/g, '')}`,
        actual,
        met: actual > 0,
      };
    });
    wslTarget.met = wslTarget.met && wslTarget.parts.every((p) => p.met);
    wslTarget.note = '须覆盖全部各章';
  } else {
    wslTarget.met = false;
    wslTarget.note = '缺少安全生产法全文，无法按章统计';
  }

  const out = [
    wslTarget,
    target('山东省安全生产条例（2021）已批准', 80, count(approved, cites(SHANDONG_REGULATION))),
    target(
      '生产安全事故报告和调查处理条例 + 生产安全事故应急条例 已批准',
      40,
      count(approved, cites(ACCIDENT_REGULATIONS)),
    ),
    target(
      '安全评价检测检验机构管理办法（草稿 + 已批准）',
      40,
      count(live, cites(EVALUATION_AGENCY_MEASURES)),
    ),
  ];
  for (const d of DEFAULT_DISCIPLINES) {
    out.push(
      target(
        `专业 ${d.name}（${d.code}，草稿 + 已批准）`,
        40,
        live.filter((i) => i.item.disciplines.includes(d.code)).length,
      ),
    );
  }
  return out;
}

/** Approved items a paper of each discipline can draw from: common items plus that discipline's. */
export interface PaperSupply {
  code: string;
  name: string;
  common: Record<QuestionType, number>;
  discipline: Record<QuestionType, number>;
}

export function paperSupply(items: readonly CheckedItem[]): PaperSupply[] {
  const zero = (): Record<QuestionType, number> => ({ judge: 0, single: 0, multiple: 0 });
  const common = zero();
  const per = new Map<string, Record<QuestionType, number>>(DEFAULT_DISCIPLINES.map((d) => [d.code, zero()]));
  for (const { item } of items) {
    if (item.status !== 'approved') {
      continue;
    }
    for (const code of item.disciplines) {
      if (code === COMMON) {
        common[item.type]++;
      } else {
        const p = per.get(code);
        if (p) {
          p[item.type]++;
        }
      }
    }
  }
  return DEFAULT_DISCIPLINES.map((d) => ({
    code: d.code,
    name: d.name,
    common,
    discipline: per.get(d.code)!,
  }));
}

/** The item-writing figures of a group of approved items (a source or a discipline). */
export interface WritingFigures {
  approved: number;
  judge: number;
  judgeTrue: number;
  recall: number;
}

/** Per discipline: approved items tagged with it, and how many of them are discipline-specific. */
export interface DisciplineReadiness extends WritingFigures {
  code: string;
  name: string;
  /** Approved items tagged with the discipline whose source is not shared knowledge (`scope: shared`). */
  specific: number;
}

function figures(list: readonly CheckedItem[]): WritingFigures {
  const judges = list.filter((c) => c.item.type === 'judge');
  return {
    approved: list.length,
    judge: judges.length,
    judgeTrue: judges.filter((c) => c.item.answer === true).length,
    recall: list.filter((c) => c.item.recall).length,
  };
}

/**
 * The figures `qbank:check` prints per source and per discipline: approved counts, true/false balance of
 * judge items, recall share and, per discipline, the discipline-specific items (tagged with the discipline,
 * not `common`, and from a source not marked `scope: shared`: 消防法 items tagged 冶金 are shared knowledge).
 */
export function writingReport(items: readonly CheckedItem[]): {
  bySource: Array<{ key: string; shared: boolean } & WritingFigures>;
  byDiscipline: DisciplineReadiness[];
  total: WritingFigures;
} {
  const approved = items.filter((c) => c.item.status === 'approved');
  const bySource = new Map<string, CheckedItem[]>();
  for (const c of approved) {
    bySource.set(c.item.source.document, [...(bySource.get(c.item.source.document) ?? []), c]);
  }
  return {
    bySource: [...bySource.entries()]
      .map(([key, list]) => ({ key, shared: list[0].source.scope === 'shared', ...figures(list) }))
      .sort((a, b) => b.approved - a.approved || a.key.localeCompare(b.key)),
    byDiscipline: DEFAULT_DISCIPLINES.map((d) => {
      const tagged = approved.filter((c) => c.item.disciplines.includes(d.code));
      return {
        code: d.code,
        name: d.name,
        specific: tagged.filter((c) => c.source.scope !== 'shared').length,
        ...figures(tagged),
      };
    }),
    total: figures(approved),
  };
}
