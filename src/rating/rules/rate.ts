import { divHalfUp } from '../../scoring/grade-paper';
import {
  Grade,
  itemOf,
  RatingPart,
  RatingRules,
  SheetItem,
  SURVEY_CRITERIA,
  SurveyCriterion,
  VetoCode,
} from './sheet';

/**
 * The rating arithmetic of 附件1, in hundredths of a point:
 *
 *   item i (1–18)     s_i = 0 if a 不得分 rule applies, else max_i − min(cap_i, Σ_rules d_r)
 *                     d_r = points_r × count_r (per-occurrence) | points_r if recorded (once)
 *   工作实绩 (10–18)   P = halfUp(Σ_objects Σ_{i=10..18} s_i(object) / n_objects)      取平均值
 *   item 19           the exam's published agency component (already hundredths, half-up)
 *   item 20           S = halfUp(Σ_respondents Σ_criteria c / n_respondents), each criterion 0–2 points
 *   sheet             B(1–5) + R(6–9) + P + E + S, each part already rounded to 0.01
 *   bonus             min(Σ bonus, 10)
 *   total             min(sheet + bonus, 100)
 *   grade             差 if any veto, else the band of the total (90 / 80 / 70)
 *
 * A sheet is incomplete (no total, no grade) while 工作实绩 has no inspected object, item 19 has no component
 * or item 20 has no response: a missing part is never read as 0.
 */

/** A request that breaks a rule of the sheet (unknown rule, bad count): the service answers 422. */
export class RatingInputError extends Error {}

export interface DeductionInput {
  item: number;
  rule: string;
  count: number;
}

export interface ItemScore {
  no: number;
  max: number;
  /** Sum of the deductions before the cap. */
  claimed: number;
  /** What was taken off (≤ cap, ≤ max). */
  deducted: number;
  score: number;
  /** The 不得分 rule that zeroed the item, if any. */
  zeroedBy: string | null;
}

/** Checks one entry against the frozen rules; returns the item's rule. */
export function checkDeduction(rules: RatingRules, d: DeductionInput, source: 'agency' | 'service-object') {
  const item = rules.items.find((i) => i.no === d.item);
  if (!item) {
    throw new RatingInputError(`检查表没有第 ${d.item} 项`);
  }
  if (item.source !== source) {
    throw new RatingInputError(
      source === 'agency'
        ? `第 ${d.item} 项按现场检查的服务对象逐个评分，请在服务对象下录入`
        : `第 ${d.item} 项不属于工作实绩，不能在服务对象下录入`,
    );
  }
  const rule = item.rules.find((r) => r.code === d.rule);
  if (!rule) {
    throw new RatingInputError(`第 ${d.item} 项没有扣分规则 ${d.rule}`);
  }
  if (!Number.isInteger(d.count) || d.count < 1 || d.count > 999) {
    throw new RatingInputError(`扣分次数应为 1–999 的整数，收到 ${d.count}`);
  }
  if (rule.kind !== 'per-occurrence' && d.count !== 1) {
    throw new RatingInputError(`规则 ${rule.code} 按一次计，次数只能为 1`);
  }
  return rule;
}

/** Scores one item from its entries (entries of other items are ignored). */
export function scoreItem(item: SheetItem, entries: readonly DeductionInput[]): ItemScore {
  const own = entries.filter((e) => e.item === item.no);
  let claimed = 0;
  let zeroedBy: string | null = null;
  const onceSeen = new Set<string>();
  for (const e of own) {
    const rule = item.rules.find((r) => r.code === e.rule);
    if (!rule) {
      throw new RatingInputError(`第 ${item.no} 项没有扣分规则 ${e.rule}`);
    }
    switch (rule.kind) {
      case 'zero':
        zeroedBy ??= rule.code;
        break;
      case 'once':
        if (!onceSeen.has(rule.code)) {
          onceSeen.add(rule.code);
          claimed += rule.points;
        }
        break;
      case 'per-occurrence':
        claimed += rule.points * e.count;
        break;
    }
  }
  if (zeroedBy) {
    return { no: item.no, max: item.max, claimed, deducted: item.max, score: 0, zeroedBy };
  }
  const deducted = Math.min(claimed, item.cap, item.max);
  return { no: item.no, max: item.max, claimed, deducted, score: item.max - deducted, zeroedBy: null };
}

export interface ObjectScore {
  items: ItemScore[];
  /** 工作实绩 of this service object, hundredths of 30 points. */
  total: number;
}

export interface PerformanceScore {
  objects: ObjectScore[];
  /** Per item 10–18: the mean over objects, half-up (for display; the part is averaged from exact totals). */
  itemMeans: { no: number; mean: number }[];
  /** The part, half-up; null without an inspected object. */
  score: number | null;
}

/** 工作实绩: each inspected service object scored on items 10–18, then 取平均值. */
export function scorePerformance(
  rules: RatingRules,
  objects: readonly (readonly DeductionInput[])[],
): PerformanceScore {
  const items = rules.items.filter((i) => i.source === 'service-object');
  const scored = objects.map((entries) => {
    const its = items.map((i) => scoreItem(i, entries));
    return { items: its, total: its.reduce((s, x) => s + x.score, 0) };
  });
  const n = scored.length;
  if (n === 0) {
    return { objects: [], itemMeans: [], score: null };
  }
  const itemMeans = items.map((item, k) => ({
    no: item.no,
    mean: divHalfUp(
      scored.reduce((s, o) => s + o.items[k].score, 0),
      n,
    ),
  }));
  return {
    objects: scored,
    itemMeans,
    score: divHalfUp(
      scored.reduce((s, o) => s + o.total, 0),
      n,
    ),
  };
}

export type SurveyScores = Record<SurveyCriterion, number>;

/** One 评议表: each criterion 0–2 points (hundredths 0–200); returns its total of 10. */
export function surveyFormTotal(scores: SurveyScores): number {
  let total = 0;
  for (const c of SURVEY_CRITERIA) {
    const v = scores[c.code];
    if (!Number.isInteger(v) || v < 0 || v > c.max) {
      throw new RatingInputError(`${c.name}应为 0–${c.max / 100} 分（最多两位小数），收到 ${v / 100}`);
    }
    total += v;
  }
  return total;
}

/** Item 20: the mean of the forms' totals, half-up; null without a form. */
export function surveyScore(forms: readonly SurveyScores[]): { n: number; score: number | null } {
  if (forms.length === 0) {
    return { n: 0, score: null };
  }
  const sum = forms.reduce((s, f) => s + surveyFormTotal(f), 0);
  return { n: forms.length, score: divHalfUp(sum, forms.length) };
}

/** The counted bonus: the sum of the awards, at most the cap (累计加分分值不超过 10 分). */
export function bonusCounted(
  rules: RatingRules,
  awards: readonly number[],
): { claimed: number; counted: number } {
  for (const a of awards) {
    if (!Number.isInteger(a) || a <= 0 || a > rules.bonusCap) {
      throw new RatingInputError(`单项加分应为 0.01–${rules.bonusCap / 100} 分，收到 ${a / 100}`);
    }
  }
  const claimed = awards.reduce((s, a) => s + a, 0);
  return { claimed, counted: Math.min(claimed, rules.bonusCap) };
}

/** The band of a total (hundredths). */
export function bandOf(rules: RatingRules, total: number): Grade {
  for (const b of rules.bands) {
    if (total >= b.min) {
      return b.grade;
    }
  }
  return 'poor';
}

export interface AgencyRatingInput {
  /** Entries of items 1–9. */
  agency: readonly DeductionInput[];
  /** Per inspected service object, its entries of items 10–18. */
  objects: readonly (readonly DeductionInput[])[];
  /** Item 19 from the finalised publication, hundredths; null if the agency has none. */
  exam: number | null;
  survey: readonly SurveyScores[];
  /** Bonus awards, hundredths each. */
  bonus: readonly number[];
  vetoes: readonly VetoCode[];
}

export interface AgencyRating {
  items: ItemScore[];
  performance: PerformanceScore;
  survey: { n: number; score: number | null };
  parts: Record<RatingPart, number | null>;
  /** Sum of the five parts; null while incomplete. */
  sheet: number | null;
  bonus: { claimed: number; counted: number };
  /** min(sheet + bonus, totalCap); null while incomplete. */
  total: number | null;
  /** 差 on any veto, even while incomplete; otherwise null while incomplete. */
  grade: Grade | null;
  vetoed: boolean;
  /** Why there is no total yet (Chinese, for people). */
  missing: string[];
}

/** The whole sheet of one agency. */
export function rateAgency(rules: RatingRules, input: AgencyRatingInput): AgencyRating {
  const agencyItems = rules.items.filter((i) => i.source === 'agency');
  const items = agencyItems.map((i) => scoreItem(i, input.agency));
  const sumPart = (part: RatingPart) =>
    items.filter((s) => itemOf(rules, s.no).part === part).reduce((t, s) => t + s.score, 0);
  const performance = scorePerformance(rules, input.objects);
  const survey = surveyScore(input.survey);
  const exam = input.exam;
  if (exam !== null && (!Number.isInteger(exam) || exam < 0 || exam > itemOf(rules, 19).max)) {
    throw new RatingInputError(`技术人员抽考得分应为 0–20 分，收到 ${exam / 100}`);
  }
  const parts: Record<RatingPart, number | null> = {
    basic: sumPart('basic'),
    reports: sumPart('reports'),
    performance: performance.score,
    exam,
    survey: survey.score,
  };
  const missing: string[] = [];
  if (parts.performance === null) {
    missing.push('工作实绩：尚无现场检查的服务对象');
  }
  if (parts.exam === null) {
    missing.push('技术人员抽考：尚无已确定的抽考成绩');
  }
  if (parts.survey === null) {
    missing.push('满意度测评：尚无评议表');
  }
  const bonus = bonusCounted(rules, input.bonus);
  const vetoed = input.vetoes.length > 0;
  const complete = missing.length === 0;
  const sheet = complete ? Object.values(parts).reduce<number>((s, p) => s + (p ?? 0), 0) : null;
  const total = sheet === null ? null : Math.min(sheet + bonus.counted, rules.totalCap);
  const grade = vetoed ? 'poor' : total === null ? null : bandOf(rules, total);
  return { items, performance, survey, parts, sheet, bonus, total, grade, vetoed, missing };
}
