import type { QuestionType } from '../question-bank/question-type';
import { questionTypeName } from '../question-bank/question-type';
import type { MultipleRule } from './paper-view';

/** The key under which a campaign's default blueprint is stored (used for disciplines without their own). */
export const DEFAULT_BLUEPRINT_KEY = 'default';

/** One section of a paper: `count` items of one type, each worth `pointsEach` points. */
export interface SectionSpec {
  type: QuestionType;
  count: number;
  pointsEach: number;
}

/**
 * A per-source minimum: the paper's items citing `sourceKey` (optionally only articles `articleFrom`…`articleTo`,
 * counted as 第N条 numbers) carry at least `minPoints` points.
 */
export interface SourceMinimum {
  sourceKey: string;
  articleFrom?: number | null;
  articleTo?: number | null;
  minPoints: number;
}

/** What a blueprint fixes for every paper of a discipline. */
export interface BlueprintSpec {
  totalPoints: number;
  durationMinutes: number;
  /** In the order printed on the paper; at most one section per type. */
  sections: SectionSpec[];
  /** Points carried by items tagged `common` (laws and regulations). */
  commonPoints: number;
  /** Points carried by items of the candidate's discipline. */
  disciplinePoints: number;
  sourceMinimums: SourceMinimum[];
  /**
   * Target of a paper's points-weighted mean difficulty (1–5). Null: the pool's own expectation for the
   * discipline (the mean a uniformly random paper would have), so that every paper sits near the same value.
   */
  targetDifficulty: number | null;
  /** Every paper's mean difficulty lies within targetDifficulty ± this. */
  difficultyTolerance: number;
  multipleRule: MultipleRule;
  passMark: number;
}

/** domain.md (Papers): 100 points, 120 minutes, 判断 20×1, 单选 50×1, 多选 15×2, common 60 / discipline 40. */
export const DEFAULT_BLUEPRINT: Readonly<BlueprintSpec> = Object.freeze<BlueprintSpec>({
  totalPoints: 100,
  durationMinutes: 120,
  sections: [
    { type: 'judge', count: 20, pointsEach: 1 },
    { type: 'single', count: 50, pointsEach: 1 },
    { type: 'multiple', count: 15, pointsEach: 2 },
  ],
  commonPoints: 60,
  disciplinePoints: 40,
  sourceMinimums: [],
  targetDifficulty: null,
  difficultyTolerance: 0.2,
  multipleRule: 'partial',
  passMark: 60,
});

export function defaultBlueprint(): BlueprintSpec {
  return {
    ...DEFAULT_BLUEPRINT,
    sections: DEFAULT_BLUEPRINT.sections.map((s) => ({ ...s })),
    sourceMinimums: [],
  };
}

/**
 * Cross-field rules a well-formed blueprint must satisfy before the pool is even consulted. Returns the
 * problems in Chinese, naming the field; empty when the blueprint is consistent.
 */
export function blueprintProblems(spec: BlueprintSpec): string[] {
  const problems: string[] = [];
  const seen = new Set<QuestionType>();
  let sum = 0;
  for (const s of spec.sections) {
    if (seen.has(s.type)) {
      problems.push(`sections：${questionTypeName(s.type)}重复出现，每种题型只能有一个部分`);
    }
    seen.add(s.type);
    if (!Number.isInteger(s.count) || s.count < 0) {
      problems.push(`sections：${questionTypeName(s.type)}题量须为非负整数`);
    }
    if (!Number.isInteger(s.pointsEach) || s.pointsEach < 1) {
      problems.push(`sections：${questionTypeName(s.type)}每题分值须为正整数`);
    }
    sum += s.count * s.pointsEach;
  }
  if (sum !== spec.totalPoints) {
    problems.push(`sections：各题型分值合计 ${sum} 分，与总分 totalPoints ${spec.totalPoints} 分不符`);
  }
  if (spec.commonPoints + spec.disciplinePoints !== spec.totalPoints) {
    problems.push(
      `commonPoints + disciplinePoints：公共部分 ${spec.commonPoints} 分与专业部分 ${spec.disciplinePoints} 分之和须等于总分 ${spec.totalPoints} 分`,
    );
  }
  if (spec.commonPoints < 0 || spec.disciplinePoints < 0) {
    problems.push('commonPoints / disciplinePoints：分值不能为负');
  }
  if (spec.passMark < 0 || spec.passMark > spec.totalPoints) {
    problems.push(`passMark：及格分 ${spec.passMark} 须在 0 至总分 ${spec.totalPoints} 之间`);
  }
  if (spec.targetDifficulty !== null && (spec.targetDifficulty < 1 || spec.targetDifficulty > 5)) {
    problems.push('targetDifficulty：目标难度须在 1 至 5 之间');
  }
  if (!(spec.difficultyTolerance > 0) || spec.difficultyTolerance > 4) {
    problems.push('difficultyTolerance：难度容差须大于 0 且不超过 4');
  }
  spec.sourceMinimums.forEach((m, i) => {
    const where = `sourceMinimums[${i}]（${m.sourceKey}）`;
    if (m.minPoints > spec.totalPoints) {
      problems.push(`${where}：最低分值 ${m.minPoints} 超过总分 ${spec.totalPoints}`);
    }
    if (isSet(m.articleFrom) && isSet(m.articleTo) && m.articleFrom > m.articleTo) {
      problems.push(`${where}：起始条号 ${m.articleFrom} 大于终止条号 ${m.articleTo}`);
    }
  });
  return problems;
}

/** A bound that is given (neither null nor undefined). */
export function isSet(v: number | null | undefined): v is number {
  return v !== null && v !== undefined;
}

/**
 * The scoring rules printed on the paper. The time allowed is not among them: the sitting (with any audited
 * extension) owns it, and the candidate's countdown shows it, so the paper never states another figure.
 */
export function ruleText(
  spec: Pick<BlueprintSpec, 'sections' | 'multipleRule' | 'totalPoints' | 'passMark'>,
): string {
  const parts: string[] = [`本试卷满分 ${spec.totalPoints} 分，${spec.passMark} 分及格。`];
  for (const s of spec.sections) {
    if (s.count === 0) {
      continue;
    }
    const head = `${questionTypeName(s.type)}共 ${s.count} 题，每题 ${s.pointsEach} 分`;
    switch (s.type) {
      case 'judge':
        parts.push(`${head}，判断正确得分。`);
        break;
      case 'single':
        parts.push(`${head}，每题只有一个正确选项。`);
        break;
      case 'multiple':
        parts.push(
          spec.multipleRule === 'partial'
            ? `${head}，每题有两个或两个以上正确选项；错选不得分，少选的，所选每个正确选项得 0.5 分。`
            : `${head}，每题有两个或两个以上正确选项；须全部选对方得分，错选、少选均不得分。`,
        );
        break;
    }
  }
  return parts.join('');
}
