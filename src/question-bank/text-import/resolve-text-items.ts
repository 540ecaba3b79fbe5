import { parseArticleRef, toChineseNumber } from '../files/chinese-numeral';
import type { BankInput, BankIssue, BankItem, BankSource } from '../files/bank-format';
import { verifyBasis } from '../files/basis-check';
import type { LawLibrary } from '../files/law-library';
import { normaliseStem } from '../files/normalise';
import { TEXT_FIELD_LABELS, type TextField, type TextItem, type TextProblem } from './parse-text-items';

/**
 * The second step of a text import: each item's 出处 is matched with a source the bank knows, its 原文 (the
 * quoted provision) taken as written or, when the text gave none, quoted from the law's full text, and the
 * items become a bank input that the bank's own checks and importer take, exactly like an Excel upload.
 * Pure: the known sources and the law texts are handed in.
 */

/** "《中华人民共和国安全生产法》第二十条" → document and article; null when it cannot be split. */
export function splitSourceText(text: string): { document: string; article: string } | null {
  const t = text.trim().replace(/[\s\u3000]+/gu, ' ');
  const quoted = /^《([^》]+)》\s*(.*)$/u.exec(t);
  if (quoted) {
    return quoted[2].trim() ? { document: quoted[1].trim(), article: quoted[2].trim() } : null;
  }
  const article = /^(.+?)\s*(第\s*[零〇一二两三四五六七八九十百千\d]+\s*条.*)$/u.exec(t);
  if (article) {
    return { document: article[1].trim(), article: article[2].trim() };
  }
  const clause = /^(.+?)\s+(\d+(?:\.\d+)+)$/u.exec(t);
  if (clause) {
    return { document: clause[1].trim(), article: clause[2] };
  }
  return null;
}

/** 第20条第2款 → 第二十条第二款 (the bank writes article numbers in Chinese); other citations unchanged. */
export function normaliseArticle(article: string): string {
  const t = article.replace(/[\s\u3000]+/gu, '').replace(/^的/u, '');
  return t.replace(/第(\d{1,4})(条|款|项|章|节)/gu, (_m, n: string, unit: string) => {
    const v = Number(n);
    return v >= 1 ? `第${toChineseNumber(v)}${unit}` : `第${n}${unit}`;
  });
}

/** A document's name as compared: no brackets, spaces, "中华人民共和国" or trailing (2021年修正). */
function nameKey(name: string): string {
  return name
    .replace(/[《》\s\u3000]/gu, '')
    .replace(/^中华人民共和国/u, '')
    .replace(/[（(][^）)]*(修正|修订|年)[^）)]*[)）]$/u, '');
}

/** The known source a document name means: by short name (key) or full title. */
export function findSource(name: string, sources: readonly BankSource[]): BankSource | null {
  const k = nameKey(name);
  const hits = sources.filter((s) => nameKey(s.key) === k || nameKey(s.title) === k);
  return hits.length === 1 ? hits[0] : (hits.find((s) => s.status === 'in-force') ?? hits[0] ?? null);
}

/**
 * The words of the cited article (or of its 第N款) from the law's full text, without the "第N条" that opens
 * it; null when the text is not at hand.
 */
export function quoteArticle(source: BankSource, article: string, laws: LawLibrary | null): string | null {
  if (!source.lawFile || !laws) {
    return null;
  }
  const law = laws.get(source.lawFile);
  const number = parseArticleRef(article);
  const found = number === null ? undefined : law?.articles.get(number);
  if (!found) {
    return null;
  }
  const paragraphs = found.text
    .split('\n')
    .map((l, i) =>
      (i === 0 ? l.replace(/^第[零〇一二两三四五六七八九十百千\d]+条[\s\u3000]*/u, '') : l).trim(),
    )
    .filter(Boolean);
  const kuan = /条第([零〇一二两三四五六七八九十\d]+)款/u.exec(article);
  if (kuan) {
    const k = parseArticleRef(`第${kuan[1]}条`);
    if (k !== null && k >= 1 && k <= paragraphs.length) {
      return paragraphs[k - 1];
    }
  }
  return paragraphs.join('\n') || null;
}

export interface ResolvedText {
  /** The items as a bank upload (sources: none; items cite known sources). */
  input: BankInput;
  problems: TextProblem[];
  /** Places a problem the bank's checks found on the line of the field it is about. */
  locate: (issue: BankIssue) => BankIssue;
  /** Bank id → the text's 第N题. */
  idOf: Map<string, TextItem>;
}

/**
 * Turns parsed items into a bank input. `idPrefix` makes the new items' ids (`<prefix>-0001`…), unique to
 * this import; every item enters as a draft, to be reviewed.
 */
export function resolveTextItems(
  items: readonly TextItem[],
  opts: { fileName: string; idPrefix: string; sources: readonly BankSource[]; laws: LawLibrary | null },
): ResolvedText {
  const problems: TextProblem[] = [];
  const bankItems: BankItem[] = [];
  const placed: TextItem[] = [];
  const idOf = new Map<string, TextItem>();
  for (const t of items) {
    const fail = (field: TextField, reason: string): void => {
      // A missing 原文 is named on the 出处 line it should follow.
      const line = t.lines[field] ?? (field === 'basis' ? t.lines.source : undefined) ?? t.line;
      problems.push({ line, item: t.index, field, reason });
    };
    if (!t.sourceText) {
      fail(
        'source',
        `第${t.index}题缺少“出处：”行（题库的每道题须注明出处，如 出处：《中华人民共和国安全生产法》第二十条）`,
      );
      continue;
    }
    const split = splitSourceText(t.sourceText);
    if (!split) {
      fail('source', `出处“${t.sourceText}”应写成《文件名》第N条（标准写条款号，如《GB 30871-2022》5.2.1）`);
      continue;
    }
    const source = findSource(split.document, opts.sources);
    if (!source) {
      fail(
        'source',
        `出处中的《${split.document}》不在题库的来源中：请先在题库中登记该来源（或改用已登记的简称/全称）`,
      );
      continue;
    }
    const article = normaliseArticle(split.article);
    let basis = t.basis;
    if (basis) {
      const verdict = verifyBasis({ basis, source: { article } }, source, opts.laws);
      if (verdict.status === 'mismatch') {
        fail(
          'basis',
          `原文与《${source.key}》${article}不符：${verdict.reason}。原文须逐字引用；也可删去“原文：”行，由系统按出处自动引用条文`,
        );
        continue;
      }
    } else {
      basis = quoteArticle(source, article, opts.laws) ?? undefined;
      if (!basis) {
        fail(
          'basis',
          source.lawFile && opts.laws
            ? `《${source.key}》中找不到${article}，无法引用条文原文：请核对出处的条款`
            : `《${source.key}》没有可引用的全文：请加一行“原文：”，逐字引用所依据的条文`,
        );
        continue;
      }
    }
    const id = `${opts.idPrefix}-${String(t.index).padStart(4, '0')}`;
    idOf.set(id, t);
    placed.push(t);
    bankItems.push({
      id,
      type: t.type,
      stem: t.stem,
      ...(t.options ? { options: t.options } : {}),
      answer: t.answer,
      source: { document: source.key, article },
      basis,
      disciplines: t.disciplines,
      difficulty: t.difficulty,
      status: 'draft',
      ...(t.explanation ? { explanation: t.explanation } : {}),
    });
  }
  const input: BankInput = {
    file: opts.fileName,
    data: { sources: [], items: bankItems },
    itemLocation: (i) => ({ file: opts.fileName, line: placed[i]?.line }),
    sourceLocation: () => ({ file: opts.fileName }),
  };
  const locate = (issue: BankIssue): BankIssue => {
    const t = issue.itemId ? idOf.get(issue.itemId) : undefined;
    if (!t) {
      return issue;
    }
    const field = textFieldOf(issue.field);
    return {
      ...issue,
      where: { file: opts.fileName, line: (field && t.lines[field]) ?? t.line },
      itemId: `第${t.index}题`,
      field: field ? TEXT_FIELD_LABELS[field] : issue.field,
    };
  };
  return { input, problems, locate, idOf };
}

/** The text-format field a bank field is written on ("options.E" → 选项, "source.article" → 出处). */
function textFieldOf(field: string | undefined): TextField | undefined {
  if (!field) {
    return undefined;
  }
  const head = field.split('.')[0];
  switch (head) {
    case 'stem':
    case 'options':
    case 'answer':
    case 'explanation':
    case 'source':
    case 'basis':
    case 'difficulty':
    case 'disciplines':
    case 'type':
      return head;
    default:
      return undefined;
  }
}

/**
 * Items whose stem the bank already has (a text imported twice, or copied from the bank): each is named on its
 * first line with the bank item it repeats. `existing` maps a normalised stem to the bank item's code.
 */
export function repeatsOfBank(
  items: readonly TextItem[],
  existing: ReadonlyMap<string, string>,
): TextProblem[] {
  const out: TextProblem[] = [];
  for (const t of items) {
    const code = existing.get(normaliseStem(t.stem));
    if (code) {
      out.push({
        line: t.line,
        item: t.index,
        field: 'stem',
        reason: `题干与题库中已有的题目 ${code} 相同（同一文本不要重复导入）`,
      });
    }
  }
  return out;
}
