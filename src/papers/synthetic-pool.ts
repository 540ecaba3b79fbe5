import type { PoolItem } from '../question-bank/pool';
import type { QuestionType } from '../question-bank/question-type';
import { Sfc32 } from './paper-seed';

export interface SyntheticPoolOptions {
  /** Common items per type. */
  common: Record<QuestionType, number>;
  /** Discipline items per type, for each discipline. */
  perDiscipline: Record<QuestionType, number>;
  disciplines: string[];
  /** Source keys the common items cycle through (the first one gets every other item). */
  commonSources?: string[];
  /** 64 hex digits. */
  seed?: string;
  firstItemId?: number;
}

// Roughly the shipped bank's spread: mostly 2s and 3s.
const DIFFICULTY_WEIGHTS = [0, 13, 38, 40, 7, 2];

/** A reproducible pool for tests and benchmarks, shaped like the approved bank. */
export function syntheticPool(o: SyntheticPoolOptions): PoolItem[] {
  const rng = new Sfc32(o.seed ?? 'a5'.repeat(32));
  const sources = o.commonSources ?? ['安全生产法', '山东省安全生产条例', '安全评价检测检验机构管理办法'];
  const items: PoolItem[] = [];
  let id = o.firstItemId ?? 1;
  const difficulty = (): number => {
    let r = rng.nextIndex(100);
    for (let d = 1; d <= 5; d++) {
      r -= DIFFICULTY_WEIGHTS[d];
      if (r < 0) {
        return d;
      }
    }
    return 3;
  };
  const make = (type: QuestionType, disciplines: string[], sourceKey: string, article: string): PoolItem => {
    const itemId = id++;
    let optionLabels: string[] = [];
    let answer: PoolItem['answer'];
    switch (type) {
      case 'judge':
        answer = rng.nextIndex(2) === 1;
        break;
      case 'single':
        optionLabels = ['A', 'B', 'C', 'D'];
        answer = optionLabels[rng.nextIndex(4)];
        break;
      case 'multiple': {
        optionLabels = rng.nextIndex(3) === 0 ? ['A', 'B', 'C', 'D', 'E'] : ['A', 'B', 'C', 'D'];
        const keys = rng.shuffle([...optionLabels]).slice(0, 2 + rng.nextIndex(optionLabels.length - 2));
        answer = keys.sort();
        break;
      }
    }
    return {
      itemId,
      code: `syn-${String(itemId).padStart(5, '0')}`,
      versionId: itemId * 10,
      type,
      difficulty: difficulty(),
      sourceKey,
      article,
      disciplines,
      optionLabels,
      answer,
    };
  };
  const types: QuestionType[] = ['judge', 'single', 'multiple'];
  for (const type of types) {
    for (let i = 0; i < o.common[type]; i++) {
      const source =
        i % 2 === 0 || sources.length === 1
          ? sources[0]
          : sources[1 + (Math.floor(i / 2) % (sources.length - 1))];
      items.push(make(type, ['common'], source, `第${cn((i % 119) + 1)}条`));
    }
  }
  for (const d of o.disciplines) {
    for (const type of types) {
      for (let i = 0; i < o.perDiscipline[type]; i++) {
        items.push(make(type, [d], `${d}-standard`, `${(i % 9) + 1}.${(i % 7) + 1}`));
      }
    }
  }
  return items;
}

const DIGITS = '零一二三四五六七八九';

/** 1 … 199 in Chinese numerals as articles are numbered (十一, 二十, 一百零三). */
export function cn(n: number): string {
  if (n < 10) {
    return DIGITS[n];
  }
  if (n < 20) {
    return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  }
  if (n < 100) {
    return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  }
  const rest = n % 100;
  if (rest === 0) {
    return `${DIGITS[Math.floor(n / 100)]}百`;
  }
  return `${DIGITS[Math.floor(n / 100)]}百${rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${cn(rest)}` : cn(rest)}`;
}
