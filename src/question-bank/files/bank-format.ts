import type { AnswerValue, ItemStatus, QuestionType, SourceStatus } from '../question-type';

/** A cited document as a bank file declares it (see question-bank/README.md). */
export interface BankSource {
  key: string;
  title: string;
  issuer: string;
  documentNumber?: string;
  /** YYYY-MM-DD: the date of the version quoted (absent only when not known; required with lawFile). */
  versionDate?: string;
  /** YYYY-MM-DD: when that version took effect (absent only when not known; required with lawFile). */
  effectiveDate?: string;
  status: SourceStatus;
  /** File name of the full text in the law directory; enables the verbatim check of bases. */
  lawFile?: string;
  /** With status superseded / partially-superseded: the key of the newer rule (possibly declared in another file). */
  supersededBy?: string;
  /** YYYY-MM-DD: when the newer rule took effect. */
  supersededFrom?: string;
  /** `shared`: a law every discipline shares; its items are shared knowledge, never discipline-specific. */
  scope?: 'shared';
}

/** The record that an item of a partially superseded source was checked against the newer rule. */
export interface CheckedAgainst {
  /** The newer rule's source key. */
  document: string;
  article: string;
  by: string;
  /** YYYY-MM-DD. */
  date: string;
  note?: string;
}

/** One item as a bank file writes it. */
export interface BankItem {
  id: string;
  type: QuestionType;
  stem: string;
  /** Label → text; absent for judge items. */
  options?: Record<string, string>;
  answer: AnswerValue;
  source: { document: string; article: string };
  basis: string;
  disciplines: string[];
  difficulty: number;
  status: ItemStatus;
  explanation?: string;
  /** The item tests only the recall of a number, date, period or drafting body. */
  recall?: boolean;
  /** Required for approved items of a partially superseded source. */
  checkedAgainst?: CheckedAgainst;
  /** Why a retired item was retired. */
  retiredReason?: string;
}

/** The content of one bank file. */
export interface BankFileContent {
  sources: BankSource[];
  items: BankItem[];
}

/** Where something stands in the input: a bank file and line, or a spreadsheet row. */
export interface Location {
  /** The bank file, relative to the bank directory (or the uploaded file's name). */
  file: string;
  /** 1-based line in a YAML file. */
  line?: number;
  /** 1-based row in a spreadsheet. */
  row?: number;
}

/** One problem found in the input. */
export interface BankIssue {
  severity: 'error' | 'warning';
  where: Location;
  /** The item's id when known. */
  itemId?: string;
  /** The source's key when the problem is in a source declaration. */
  sourceKey?: string;
  /** The field, e.g. "answer", "source.article", "options.E". */
  field?: string;
  reason: string;
}

/** An item that passed the schema, with where it came from. */
export interface LocatedItem {
  item: BankItem;
  where: Location;
}

export interface LocatedSource {
  source: BankSource;
  where: Location;
}

/** A parsed input, before checking: one bank file, one upload or one spreadsheet turned into this shape. */
export interface BankInput {
  file: string;
  /** The parsed document (null when the file could not be parsed; `parseError` says why). */
  data: unknown;
  parseError?: { reason: string; line?: number };
  /** Where item i (0-based) starts: a YAML line or a spreadsheet row. */
  itemLocation: (index: number) => Location;
  sourceLocation: (index: number) => Location;
}

/** Formats a location and issue for people: "laws/x.yaml:12 [wsl-0001] answer: 原因". */
export function formatIssue(issue: BankIssue): string {
  const at = issue.where.row
    ? `${issue.where.file} 第${issue.where.row}行`
    : issue.where.line
      ? `${issue.where.file}:${issue.where.line}`
      : issue.where.file;
  const what = issue.itemId ? ` [${issue.itemId}]` : issue.sourceKey ? ` [来源 ${issue.sourceKey}]` : '';
  const field = issue.field ? ` ${issue.field}:` : '';
  return `${at}${what}${field} ${issue.reason}`;
}
