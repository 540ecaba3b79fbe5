import { COMMON, DEFAULT_DISCIPLINES } from '../../config/disciplines';
import type { QuestionType } from '../question-type';

/*
 * Questions written as Chinese exam services publish them (Word documents, plain text), one after another:
 *
 *   一、单项选择题                      (optional section heading: sets the type of the items under it)
 *   1. 生产经营单位的主要负责人对本单位的安全生产工作（  ）负责。
 *   A. 全面    B. 主要                   (options one per line, or several on one line)
 *   C. 部分    D. 直接
 *   答案：A                              (or 【答案】A; 多选 ABD / A、B、D; 判断 正确/错误/√/×/对/错)
 *   解析：……                             (optional, may run over several lines)
 *   出处：《中华人民共和国安全生产法》第五条   (出处 / 依据 / 来源)
 *   原文：生产经营单位的主要负责人是本单位安全生产第一责任人……   (optional: the quoted provision)
 *   难度：3        题型：单选题        专业：危险化学品、非煤矿山   (optional; 学科 = 专业)
 *
 * The type, when neither a heading nor a 题型 line gives it, follows from the answer: 正确/错误 → 判断,
 * one letter → 单选, several → 多选. Pure: the text in, the items and every problem (with its line) out.
 * Nothing here knows the bank's sources; resolving 出处 to a source is the next step (resolve-text-items.ts).
 */

/** The fields of a text item, as the problems name them (the labels of the text format). */
export type TextField =
  'stem' | 'options' | 'answer' | 'explanation' | 'source' | 'basis' | 'difficulty' | 'type' | 'disciplines';

export const TEXT_FIELD_LABELS: Record<TextField, string> = {
  stem: '题干',
  options: '选项',
  answer: '答案',
  explanation: '解析',
  source: '出处',
  basis: '原文',
  difficulty: '难度',
  type: '题型',
  disciplines: '专业',
};

/** One question as read from the text, before its 出处 is matched with a source of the bank. */
export interface TextItem {
  /** 1-based position in the text (第N题). */
  index: number;
  /** The number the text gave it ("12." → 12). */
  number: number;
  /** 1-based line where the item starts. */
  line: number;
  /** The line of each field given, for problems found later (the bank's rules). */
  lines: Partial<Record<TextField, number>>;
  type: QuestionType;
  stem: string;
  /** Label → text; absent for 判断. */
  options?: Record<string, string>;
  /** true/false (判断), one letter (单选), letters in order (多选). */
  answer: boolean | string | string[];
  explanation?: string;
  /** 出处 as written, e.g. 《中华人民共和国安全生产法》第二十条. */
  sourceText?: string;
  /** The quoted provision (原文), when given. */
  basis?: string;
  difficulty: number;
  /** Discipline codes, or [common]. */
  disciplines: string[];
}

export interface TextProblem {
  /** 1-based line. */
  line: number;
  /** 第N题 when the problem belongs to an item. */
  item?: number;
  field?: TextField;
  reason: string;
}

export interface ParsedText {
  items: TextItem[];
  problems: TextProblem[];
}

/** Default difficulty of an item that names none (the middle of 1–5). */
export const DEFAULT_DIFFICULTY = 3;
/** Most items one import takes (a larger bank goes in several files). */
export const MAX_TEXT_ITEMS = 5000;

const TYPE_WORDS: ReadonlyArray<[RegExp, QuestionType]> = [
  [/^(单选|单选题|单项选择|单项选择题|单项选择题目)$/, 'single'],
  [/^(多选|多选题|多项选择|多项选择题|不定项选择题?)$/, 'multiple'],
  [/^(判断|判断题|是非题|正误判断题?)$/, 'judge'],
];
const SECTION_TYPES: ReadonlyArray<[RegExp, QuestionType]> = [
  [/单选|单项选择/, 'single'],
  [/多选|多项选择|不定项/, 'multiple'],
  [/判断|是非/, 'judge'],
];
const TRUE_WORDS = new Set(['正确', '对', '√', '✓', '✔', '是', 'T', 'TRUE', 'Y', '正确。', '对。']);
const FALSE_WORDS = new Set(['错误', '错', '×', '✗', '✘', 'X', '否', 'F', 'FALSE', 'N', '错误。', '错。']);
const DIFFICULTY_WORDS: Record<string, number> = {
  容易: 1,
  易: 1,
  简单: 1,
  较易: 2,
  较容易: 2,
  中: 3,
  中等: 3,
  一般: 3,
  适中: 3,
  较难: 4,
  难: 5,
  困难: 5,
};
const COMMON_WORDS = new Set(['通用', '公共', '共用', '全部', '各专业', '所有专业', '法律法规', 'common']);

/** A labelled line: 答案：B, 【答案】B, 正确答案: B … → the field and the rest of the line. */
const LABELS: ReadonlyArray<[RegExp, TextField]> = [
  [/^(?:正确答案|参考答案|标准答案|答案)$/, 'answer'],
  [/^(?:解析|答案解析|试题解析|解答|说明)$/, 'explanation'],
  [/^(?:出处|依据|来源|法规依据|出题依据|考点出处)$/, 'source'],
  [/^(?:原文|依据原文|条文|条文原文|法条原文)$/, 'basis'],
  [/^(?:难度|难易度|难易程度|难度系数)$/, 'difficulty'],
  [/^(?:题型|题目类型)$/, 'type'],
  [/^(?:专业|学科|适用专业|所属专业|专业类别)$/, 'disciplines'],
];
const LABEL_LINE = /^(?:【([^】]{1,8})】|\[([^\]]{1,8})\]|([\u4e00-\u9fa5]{2,6})\s*[:：])\s*(.*)$/u;

const ITEM_START = [
  /^(\d{1,4})\s*[.、．，,]\s*(?!\d)(.*)$/u, // 1. 1、 1．
  /^[（(](\d{1,4})[)）]\s*(.*)$/u, // （1）
  /^第\s*(\d{1,4})\s*题\s*[.、．:：]?\s*(.*)$/u, // 第1题
];
const OPTION_START = /^([A-Ea-eＡ-Ｅ])\s*[.、．:：)）]\s*(.*)$/u;
/** Splits "A. 甲  B. 乙  C. 丙" into options: a label after whitespace starts the next option. */
const INLINE_OPTION = /[\s\u3000]+([B-EＢ-Ｅ])\s*[.、．:：)）]\s*/u;
const SECTION_HEADING = /^[一二三四五六七八九十]{1,3}\s*[、.．]\s*(.+)$/u;
const BLANK = /[（(][\s\u3000_＿]*[)）]/gu;
/** An answer written in the stem's blank, as some services do: （B） or （ABD）. */
const ANSWER_IN_BLANK = /[（(]\s*([A-E](?:\s*[、,，]?\s*[A-E])*|√|×|✓|✗)\s*[)）]/u;

/** Full-width letters and digits as the half-width ones. */
function halfWidth(s: string): string {
  return s.replace(/[Ａ-Ｚａ-ｚ０-９]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function clean(s: string): string {
  return s
    .replace(/[\u200b\ufeff]/gu, '')
    .replace(/\t/g, ' ')
    .trim();
}

function labelOf(line: string): { field: TextField; rest: string } | null {
  const m = LABEL_LINE.exec(line);
  if (!m) {
    return null;
  }
  const name = (m[1] ?? m[2] ?? m[3]).trim();
  for (const [re, field] of LABELS) {
    if (re.test(name)) {
      return { field, rest: m[4].trim() };
    }
  }
  return null;
}

function itemStart(line: string): { number: number; rest: string } | null {
  for (const re of ITEM_START) {
    const m = re.exec(line);
    if (m) {
      return { number: Number(m[1]), rest: m[2].trim() };
    }
  }
  return null;
}

/** Options on one line: "A. 甲  B. 乙" → [[A, 甲], [B, 乙]]. */
function splitOptions(line: string): Array<[string, string]> | null {
  const first = OPTION_START.exec(line);
  if (!first) {
    return null;
  }
  const out: Array<[string, string]> = [];
  let label = halfWidth(first[1]).toUpperCase();
  let rest = first[2];
  for (;;) {
    const m = INLINE_OPTION.exec(rest);
    const next = m ? halfWidth(m[1]).toUpperCase() : null;
    // Only the next label in order splits ("A. 含 C. 的文字" stays whole unless C follows B).
    if (m && next && next.charCodeAt(0) === label.charCodeAt(0) + 1) {
      out.push([label, rest.slice(0, m.index).trim()]);
      label = next;
      rest = rest.slice(m.index + m[0].length);
    } else {
      out.push([label, rest.trim()]);
      return out;
    }
  }
}

function typeWord(text: string): QuestionType | null {
  const t = text.replace(/[\s\u3000]/gu, '');
  for (const [re, type] of TYPE_WORDS) {
    if (re.test(t)) {
      return type;
    }
  }
  return null;
}

/** 正确/错误/√/× → true/false; null when the text is not one of them. */
export function judgeAnswer(text: string): boolean | null {
  const t = halfWidth(text.replace(/[\s\u3000]/gu, '')).toUpperCase();
  if (TRUE_WORDS.has(t)) {
    return true;
  }
  if (FALSE_WORDS.has(t)) {
    return false;
  }
  return null;
}

/** "ABD", "A、B、D", "A,B,D", "A B D" → [A, B, D]; null when anything else stands there. */
export function letterAnswer(text: string): string[] | null {
  const t = halfWidth(text)
    .toUpperCase()
    .replace(/[\s\u3000、,，;；/]+/gu, '');
  if (!/^[A-E]+$/.test(t)) {
    return null;
  }
  return [...t];
}

/** 危险化学品、非煤矿山 → codes; 通用 → [common]. Unknown names are returned separately. */
export function disciplineCodes(text: string): { codes: string[]; unknown: string[] } {
  const names = text
    .split(/[、,，;；/\s\u3000]+/u)
    .map((s) => s.trim())
    .filter(Boolean);
  const codes: string[] = [];
  const unknown: string[] = [];
  for (const n of names) {
    if (COMMON_WORDS.has(n)) {
      codes.push(COMMON);
      continue;
    }
    const d = DEFAULT_DISCIPLINES.find((x) => x.name === n || x.code === n || `${x.name}专业` === n);
    if (d) {
      codes.push(d.code);
    } else {
      unknown.push(n);
    }
  }
  const unique = [...new Set(codes)];
  // "通用" with a discipline means the discipline: common is for items every technician must know.
  return { codes: unique.length > 1 ? unique.filter((c) => c !== COMMON) : unique, unknown };
}

function difficultyOf(text: string): number | null {
  const t = halfWidth(text.replace(/[\s\u3000]/gu, ''));
  if (/^[1-5]$/.test(t)) {
    return Number(t);
  }
  if (/^[1-5](\.0)?(级|星)?$/.test(t)) {
    return Number(t[0]);
  }
  return DIFFICULTY_WORDS[t] ?? null;
}

interface Draft {
  index: number;
  number: number;
  line: number;
  lines: Partial<Record<TextField, number>>;
  stem: string[];
  options: Array<{ label: string; text: string; line: number }>;
  answerText?: string;
  explanation: string[];
  sourceText?: string;
  basis: string[];
  difficultyText?: string;
  typeText?: string;
  disciplinesText?: string;
  sectionType: QuestionType | null;
  /** The field an unlabelled line continues (解析, 原文 run over several lines). */
  continuing: 'stem' | 'explanation' | 'basis' | 'closed';
}

/**
 * Reads the items of a text. Every problem is collected (with its line), none stops the reading; the caller
 * refuses the whole text when there is any.
 */
export function parseTextItems(text: string): ParsedText {
  const problems: TextProblem[] = [];
  const items: TextItem[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let section: QuestionType | null = null;
  let draft: Draft | null = null;
  /** Items begun so far: the current one is 第{started}题. */
  let started = 0;
  const problem = (line: number, reason: string, field?: TextField, item?: number): void => {
    problems.push({ line, reason, ...(field ? { field } : {}), ...(item ? { item } : {}) });
  };

  const finish = (): void => {
    if (draft) {
      const item = finishItem(draft, (line, reason, field) => problem(line, reason, field, draft!.index));
      if (item) {
        items.push(item);
      }
    }
    draft = null;
  };

  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = clean(raw);
    if (line === '') {
      // A blank line ends a multi-line 解析/原文, not the item.
      if (draft && draft.continuing !== 'stem') {
        draft.continuing = 'closed';
      }
      return;
    }
    const start = itemStart(line);
    if (start) {
      finish();
      started += 1;
      draft = {
        index: started,
        number: start.number,
        line: n,
        lines: { stem: n },
        stem: start.rest ? [start.rest] : [],
        options: [],
        explanation: [],
        basis: [],
        sectionType: section,
        continuing: 'stem',
      };
      return;
    }
    const heading = SECTION_HEADING.exec(line);
    if (heading && (!draft || draft.continuing !== 'stem' || draft.options.length > 0)) {
      const found = SECTION_TYPES.find(([re]) => re.test(heading[1]));
      if (found) {
        finish();
        section = found[1];
        return;
      }
    }
    const label = labelOf(line);
    if (label) {
      if (!draft) {
        problem(
          n,
          `“${TEXT_FIELD_LABELS[label.field]}”行之前没有题目（题目以“1.”这样的题号开头）`,
          label.field,
        );
        return;
      }
      const d: Draft = draft;
      if (d.lines[label.field] !== undefined && label.field !== 'stem') {
        problem(n, `第${d.index}题有两行“${TEXT_FIELD_LABELS[label.field]}”`, label.field, d.index);
        return;
      }
      d.lines[label.field] = n;
      d.continuing = 'closed';
      switch (label.field) {
        case 'answer':
          d.answerText = label.rest;
          break;
        case 'explanation':
          d.explanation.push(label.rest);
          d.continuing = 'explanation';
          break;
        case 'source':
          d.sourceText = label.rest;
          break;
        case 'basis':
          d.basis.push(label.rest);
          d.continuing = 'basis';
          break;
        case 'difficulty':
          d.difficultyText = label.rest;
          break;
        case 'type':
          d.typeText = label.rest;
          break;
        case 'disciplines':
          d.disciplinesText = label.rest;
          break;
        case 'stem':
        case 'options':
          break;
      }
      return;
    }
    const options = splitOptions(line);
    if (options && draft && draft.answerText === undefined && draft.continuing !== 'explanation') {
      const d: Draft = draft;
      for (const [label, textOf] of options) {
        d.options.push({ label, text: textOf, line: n });
      }
      d.lines.options ??= n;
      d.continuing = 'closed';
      return;
    }
    if (!draft) {
      // Titles and notes above the first question ("2026年度安全生产知识题库") are not items.
      if (options) {
        problem(n, '选项之前没有题目（题目以“1.”这样的题号开头）', 'options');
      }
      return;
    }
    const d: Draft = draft;
    switch (d.continuing) {
      case 'stem':
        if (d.options.length === 0) {
          d.stem.push(line);
          return;
        }
        break;
      case 'explanation':
        d.explanation.push(line);
        return;
      case 'basis':
        d.basis.push(line);
        return;
      case 'closed':
        break;
    }
    problem(
      n,
      d.options.length > 0 && d.answerText === undefined
        ? `无法识别此行（第${d.index}题的选项应以“A.”“B.”这样的字母开头）`
        : `无法识别此行（应为“答案：”“解析：”“出处：”等标注行，或以“1.”这样的题号开始下一题）`,
      undefined,
      d.index,
    );
  });
  finish();
  if (items.length === 0 && problems.length === 0) {
    problem(1, '没有找到题目：每道题以“1.”这样的题号开头，后面是选项（A. B. …）和“答案：”行');
  }
  if (items.length > MAX_TEXT_ITEMS) {
    problem(1, `一次最多导入 ${MAX_TEXT_ITEMS} 道题（本次 ${items.length} 道），请分成几个文件`);
  }
  return { items, problems };
}

function finishItem(
  d: Draft,
  problem: (line: number, reason: string, field?: TextField) => void,
): TextItem | null {
  const before = { count: 0 };
  const fail = (line: number, reason: string, field?: TextField): void => {
    before.count += 1;
    problem(line, reason, field);
  };
  let stem = d.stem.join('').trim();
  // The type: a 题型 line, else the section heading, else what the answer looks like.
  let type: QuestionType | null = null;
  if (d.typeText !== undefined) {
    type = typeWord(d.typeText);
    if (!type) {
      fail(d.lines.type!, `题型“${d.typeText}”无法识别（应为 单选题、多选题 或 判断题）`, 'type');
    }
  }
  type ??= d.sectionType;
  let answerText = d.answerText;
  if (answerText === undefined) {
    const inBlank = ANSWER_IN_BLANK.exec(stem);
    if (inBlank) {
      answerText = inBlank[1];
      stem = stem.replace(inBlank[0], '（　）');
      d.lines.answer = d.line;
    }
  }
  stem = stem.replace(BLANK, '（　）');
  if (stem === '') {
    fail(d.line, `第${d.index}题没有题干`, 'stem');
  }
  const options: Record<string, string> = {};
  d.options.forEach((o, k) => {
    const expected = String.fromCharCode(65 + k);
    if (o.label !== expected) {
      fail(o.line, `选项应按 A、B、C… 的顺序排列，此处应为 ${expected}，却是 ${o.label}`, 'options');
    } else if (o.text === '') {
      fail(o.line, `选项 ${o.label} 没有内容`, 'options');
    }
    options[o.label] = o.text;
  });
  let answer: TextItem['answer'] | null = null;
  if (answerText === undefined || answerText.trim() === '') {
    fail(d.lines.answer ?? d.line, `第${d.index}题缺少“答案：”行`, 'answer');
  } else {
    const judged = judgeAnswer(answerText);
    const letters = letterAnswer(answerText);
    if (type === null) {
      // An item without options can only be true/false, whatever its answer says.
      type =
        judged !== null || d.options.length === 0
          ? 'judge'
          : letters && letters.length > 1
            ? 'multiple'
            : 'single';
    }
    const answerLine = d.lines.answer ?? d.line;
    switch (type) {
      case 'judge':
        if (judged === null) {
          fail(
            answerLine,
            `判断题的答案应为“正确”或“错误”（也可写 √、×、对、错），却是“${answerText}”`,
            'answer',
          );
        } else {
          answer = judged;
        }
        break;
      case 'single':
        if (!letters || letters.length !== 1) {
          fail(answerLine, `单选题的答案应为一个字母（A–D），却是“${answerText}”`, 'answer');
        } else {
          answer = letters[0];
        }
        break;
      case 'multiple':
        if (!letters || letters.length < 2) {
          fail(answerLine, `多选题的答案应为两个或更多字母（如 ABD），却是“${answerText}”`, 'answer');
        } else if (new Set(letters).size !== letters.length) {
          fail(answerLine, `多选题的答案“${answerText}”有重复的字母`, 'answer');
        } else {
          answer = [...letters].sort();
        }
        break;
    }
    if (answer !== null && typeof answer !== 'boolean') {
      const missing = (Array.isArray(answer) ? answer : [answer]).filter((l) => !(l in options));
      if (missing.length > 0 && d.options.length > 0) {
        fail(
          answerLine,
          `答案 ${missing.join('、')} 不在选项中（选项为 ${Object.keys(options).join('、')}）`,
          'answer',
        );
      }
    }
  }
  const count = d.options.length;
  switch (type) {
    case 'judge':
      if (count > 0) {
        fail(d.lines.options!, '判断题不应有选项', 'options');
      }
      break;
    case 'single':
      if (count !== 4) {
        fail(d.lines.options ?? d.line, `单选题应有 A–D 四个选项，现有 ${count} 个`, 'options');
      }
      break;
    case 'multiple':
      if (count !== 4 && count !== 5) {
        fail(d.lines.options ?? d.line, `多选题应有 A–D 或 A–E 四到五个选项，现有 ${count} 个`, 'options');
      }
      break;
    case null:
      break;
  }
  let difficulty = DEFAULT_DIFFICULTY;
  if (d.difficultyText !== undefined) {
    const v = difficultyOf(d.difficultyText);
    if (v === null) {
      fail(
        d.lines.difficulty!,
        `难度“${d.difficultyText}”无法识别（应为 1–5，或 易、较易、中等、较难、难）`,
        'difficulty',
      );
    } else {
      difficulty = v;
    }
  }
  let disciplines: string[] = [COMMON];
  if (d.disciplinesText !== undefined) {
    const { codes, unknown } = disciplineCodes(d.disciplinesText);
    if (unknown.length > 0 || codes.length === 0) {
      fail(
        d.lines.disciplines!,
        `专业“${unknown.join('、') || d.disciplinesText}”不是题库的专业（可填：通用、${DEFAULT_DISCIPLINES.map((x) => x.name).join('、')}）`,
        'disciplines',
      );
    } else {
      disciplines = codes;
    }
  }
  if (d.sourceText !== undefined && d.sourceText.trim() === '') {
    fail(d.lines.source!, '“出处：”后没有内容', 'source');
  }
  const basis = d.basis.join('\n').trim();
  if (d.lines.basis !== undefined && basis === '') {
    fail(d.lines.basis, '“原文：”后没有内容', 'basis');
  }
  if (before.count > 0 || type === null || answer === null) {
    return null;
  }
  const explanation = d.explanation.join('\n').trim();
  return {
    index: d.index,
    number: d.number,
    line: d.line,
    lines: d.lines,
    type,
    stem,
    ...(type === 'judge' ? {} : { options }),
    answer,
    ...(explanation ? { explanation } : {}),
    ...(d.sourceText?.trim() ? { sourceText: d.sourceText.trim() } : {}),
    ...(basis ? { basis } : {}),
    difficulty,
    disciplines,
  };
}
