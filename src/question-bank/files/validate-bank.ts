import { OPTION_LABELS } from '../question-type';
import type {
  BankInput,
  BankIssue,
  BankItem,
  BankSource,
  LocatedItem,
  LocatedSource,
  Location,
} from './bank-format';
import { checkSchema, SchemaProblem } from './bank-schema';
import { BasisVerdict, verifyBasis } from './basis-check';
import type { LawLibrary } from './law-library';
import { findNearDuplicates } from './near-duplicates';
import { normaliseStem } from './normalise';
import { checkEnemyGroups, EnemyGroup, EnemyGroupsInput, enemyLookup } from './enemy-groups';
import {
  basisOverlap,
  BASIS_COPY_THRESHOLD,
  findGiveaways,
  LONGEST_KEY_TOLERANCE,
  longestKeyShare,
  looksLikeRecall,
  MULTIPLE_SHAPE_MIN_SHARE,
  SHARE_RULES_MIN_ITEMS,
  multipleShapes,
  RECALL_LIMIT,
  TRUE_SHARE_RANGE,
} from './item-writing-rules';

export interface CheckOptions {
  /** The law texts; null when the law directory is absent (the verbatim check is then skipped). */
  laws: LawLibrary | null;
  /**
   * 'files': the shipped bank (each file declares the documents it cites; approved items need a lawFile and
   * are verified where the law text is present). 'upload': an administrator's upload (documents may also be
   * ones the database already knows; approved items get a verdict, and the importer refuses those that would
   * become approved without a verified basis).
   */
  mode: 'files' | 'upload';
  /** Documents the database already knows (uploads may cite them without declaring them). */
  knownSources?: ReadonlyMap<string, BankSource>;
  /** Check bases against the law texts (default true; files mode). The start-up import leaves it to `qbank:check`. */
  verifyBases?: boolean;
  /** Look for near-duplicate stems (default true). */
  nearDuplicates?: boolean;
  /** Dice coefficient of normalised stems from which two stems count as near-duplicates (default 0.9). */
  nearDuplicateThreshold?: number;
  /**
   * Apply the item-writing rules to the approved items (see item-writing-rules.ts) and look for items that
   * give each other away (default false: rules over the whole bank mean nothing for one upload; `qbank:check`
   * turns them on).
   */
  writingRules?: boolean;
  /** The bank's enemy-groups file: its ids must exist; with writingRules, give-aways must be declared in it. */
  enemyGroups?: EnemyGroupsInput | null;
}

/** An item that passed every check, with its source and, when checked, the basis verdict. */
export interface CheckedItem extends LocatedItem {
  source: BankSource;
  verdict: BasisVerdict | null;
}

export interface BankCheck {
  issues: BankIssue[];
  errorCount: number;
  warningCount: number;
  /** Every source declared in the inputs, by key (the first declaration's location). */
  sources: Map<string, LocatedSource>;
  /** The items without errors, in input order. */
  items: CheckedItem[];
  /** Items that had at least one error, by location. */
  rejectedItems: number;
  /** Approved items whose basis could not be checked because the law directory is absent. */
  unverifiedApproved: number;
}

/**
 * Runs every check on parsed bank inputs: the schema, then the rules a schema cannot express. Pure: the law
 * texts come in through `options.laws`.
 */
export function checkBank(inputs: readonly BankInput[], options: CheckOptions): BankCheck {
  const issues: BankIssue[] = [];
  const candidates: LocatedItem[] = [];
  const declared: LocatedSource[] = [];
  const declaredIn = new Map<string, Set<string>>();
  /** Documents whose declaration has schema errors: their items are left out without repeating the error. */
  const brokenIn = new Map<string, Set<string>>();
  const allIds: Array<{ id: string; where: Location }> = [];

  for (const input of inputs) {
    const { items, sources, problems, ids, brokenKeys } = readInput(input);
    brokenIn.set(input.file, brokenKeys);
    issues.push(...problems);
    candidates.push(...items);
    declared.push(...sources);
    allIds.push(...ids);
    declaredIn.set(input.file, new Set(sources.map((s) => s.source.key)));
  }

  const { merged, conflicts } = mergeSources(declared);
  issues.push(...conflicts);
  issues.push(...checkSupersession(merged, options.knownSources));
  const badItems = new Set<LocatedItem>();
  const fail = (li: LocatedItem, field: string | undefined, reason: string): void => {
    issues.push({ severity: 'error', where: li.where, itemId: li.item.id, field, reason });
    badItems.add(li);
  };

  for (const dup of duplicateIds(allIds)) {
    issues.push(dup);
  }
  const duplicated = new Set(issues.filter((i) => i.reason.startsWith('编号重复')).map((i) => i.itemId));

  const checkBases = options.verifyBases ?? true;
  let unverifiedApproved = 0;
  const verdicts = new Map<LocatedItem, BasisVerdict | null>();
  const sourceOf = new Map<LocatedItem, BankSource>();
  for (const li of candidates) {
    const { item } = li;
    if (duplicated.has(item.id)) {
      badItems.add(li);
    }
    for (const p of checkItemKeys(item)) {
      fail(li, p.field, p.reason);
    }
    const source = resolveSource(li, declaredIn, merged, options);
    if (!source && brokenIn.get(li.where.file)?.has(item.source.document)) {
      badItems.add(li);
      continue;
    }
    if (!source) {
      fail(
        li,
        'source.document',
        options.mode === 'files'
          ? `文件的 sources 中没有声明「${item.source.document}」`
          : `未知的来源「${item.source.document}」：请在 sources 中声明或先导入该来源`,
      );
      continue;
    }
    sourceOf.set(li, source);
    for (const p of checkCurrency(
      item,
      source,
      (key) => merged.has(key) || !!options.knownSources?.has(key),
    )) {
      fail(li, p.field, p.reason);
    }
    if (item.status === 'retired' && !item.retiredReason) {
      issues.push({
        severity: 'warning',
        where: li.where,
        itemId: item.id,
        field: 'retiredReason',
        reason: '已停用的题目应写明停用原因',
      });
    }
    if (options.mode === 'upload') {
      // Whether an approved item may stay or become approved depends on what the database holds (an
      // unchanged item approved earlier stays approved): the importer decides with this verdict.
      verdicts.set(li, item.status === 'approved' ? verifyBasis(item, source, options.laws) : null);
      continue;
    }
    if (item.status === 'approved' && !source.lawFile) {
      fail(li, 'status', `来源「${source.key}」没有法规全文（lawFile），题目须为 draft，由管理员核对后批准`);
      continue;
    }
    if (!checkBases || item.status === 'retired' || !source.lawFile) {
      verdicts.set(li, null);
      continue;
    }
    const verdict = verifyBasis(item, source, options.laws);
    verdicts.set(li, verdict);
    if (verdict.status === 'verified') {
      continue;
    }
    const field =
      verdict.status === 'unverifiable' && verdict.cause === 'not-article' ? 'source.article' : 'basis';
    if (item.status !== 'approved') {
      if (verdict.status === 'mismatch') {
        issues.push({
          severity: 'warning',
          where: li.where,
          itemId: item.id,
          field,
          reason: `（草稿）${verdict.reason}`,
        });
      }
      continue;
    }
    if (verdict.status === 'unverifiable' && verdict.cause === 'no-law-dir') {
      unverifiedApproved++;
      continue;
    }
    fail(li, field, verdict.reason);
  }

  if (options.nearDuplicates ?? true) {
    const live = candidates.filter((li) => li.item.status !== 'retired');
    const pairs = findNearDuplicates(
      live.map((li) => normaliseStem(li.item.stem)),
      options.nearDuplicateThreshold ?? 0.9,
    );
    for (const pair of pairs) {
      const a = live[pair.a];
      const b = live[pair.b];
      fail(
        b,
        'stem',
        `题干与 ${a.item.id}（${a.where.file}${a.where.line ? `:${a.where.line}` : ''}${a.where.row ? ` 第${a.where.row}行` : ''}）近似重复（相似度 ${pair.similarity.toFixed(2)}）`,
      );
    }
  }

  const items: CheckedItem[] = candidates
    .filter((li) => !badItems.has(li))
    .map((li) => ({ ...li, source: sourceOf.get(li)!, verdict: verdicts.get(li) ?? null }));
  if (options.enemyGroups) {
    issues.push(...checkEnemyGroups(options.enemyGroups, new Set(allIds.map((x) => x.id))));
  }
  if (options.writingRules) {
    issues.push(...checkWritingRules(items, merged, options.enemyGroups?.groups ?? []));
  }
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  return {
    issues,
    errorCount,
    warningCount: issues.length - errorCount,
    sources: merged,
    items,
    rejectedItems: candidates.length - items.length,
    unverifiedApproved,
  };
}

/** Applies the schema to one input and splits it into valid items and sources and located problems. */
function readInput(input: BankInput): {
  items: LocatedItem[];
  sources: LocatedSource[];
  problems: BankIssue[];
  ids: Array<{ id: string; where: Location }>;
  brokenKeys: Set<string>;
} {
  const problems: BankIssue[] = [];
  if (input.parseError) {
    return {
      items: [],
      sources: [],
      ids: [],
      brokenKeys: new Set(),
      problems: [
        {
          severity: 'error',
          where: { file: input.file, line: input.parseError.line },
          reason: `无法解析：${input.parseError.reason}`,
        },
      ],
    };
  }
  const data = input.data as { items?: unknown; sources?: unknown } | null;
  const rawItems = Array.isArray(data?.items) ? (data.items as unknown[]) : [];
  const rawSources = Array.isArray(data?.sources) ? (data.sources as unknown[]) : [];
  const badItemIdx = new Set<number>();
  const badSourceIdx = new Set<number>();
  for (const p of checkSchema('file', data)) {
    problems.push(locate(input, p, rawItems, rawSources, badItemIdx, badSourceIdx));
  }
  const ids: Array<{ id: string; where: Location }> = [];
  rawItems.forEach((raw, i) => {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === 'string') {
      ids.push({ id, where: input.itemLocation(i) });
    }
  });
  const brokenKeys = new Set<string>();
  for (const i of badSourceIdx) {
    const key = (rawSources[i] as { key?: unknown } | null)?.key;
    if (typeof key === 'string') {
      brokenKeys.add(key);
    }
  }
  return {
    problems,
    ids,
    brokenKeys,
    items: rawItems
      .map((raw, i) => ({ item: raw as BankItem, where: input.itemLocation(i), i }))
      .filter((x) => !badItemIdx.has(x.i))
      .map(({ item, where }) => ({ item: normaliseItem(item), where })),
    sources: rawSources
      .map((raw, i) => ({ source: raw as BankSource, where: input.sourceLocation(i), i }))
      .filter((x) => !badSourceIdx.has(x.i))
      .map(({ source, where }) => ({ source, where })),
  };
}

function locate(
  input: BankInput,
  p: SchemaProblem,
  rawItems: unknown[],
  rawSources: unknown[],
  badItemIdx: Set<number>,
  badSourceIdx: Set<number>,
): BankIssue {
  const [head, index, ...rest] = p.path;
  if ((head === 'items' || head === 'sources') && index !== undefined && /^\d+$/.test(index)) {
    const i = Number(index);
    if (head === 'items') {
      badItemIdx.add(i);
      const id = (rawItems[i] as { id?: unknown } | null)?.id;
      return {
        severity: 'error',
        where: input.itemLocation(i),
        itemId: typeof id === 'string' ? id : `第${i + 1}题`,
        field: rest.join('.') || undefined,
        reason: p.reason,
      };
    }
    badSourceIdx.add(i);
    const key = (rawSources[i] as { key?: unknown } | null)?.key;
    return {
      severity: 'error',
      where: input.sourceLocation(i),
      sourceKey: typeof key === 'string' ? key : `第${i + 1}个`,
      field: rest.join('.') || undefined,
      reason: p.reason,
    };
  }
  return {
    severity: 'error',
    where: { file: input.file },
    field: p.path.join('.') || undefined,
    reason: p.reason,
  };
}

/** Multiple-choice keys sorted, as the rest of the application expects them. */
export function normaliseItem(item: BankItem): BankItem {
  return Array.isArray(item.answer) ? { ...item, answer: [...item.answer].sort() } : item;
}

/**
 * The key rules a schema cannot express: every key among the options, a multiple-choice item with at least
 * two keys and at least one wrong option, options with distinct texts, labels without gaps.
 */
export function checkItemKeys(item: BankItem): Array<{ field: string; reason: string }> {
  const out: Array<{ field: string; reason: string }> = [];
  const options = item.options ?? {};
  const labels = Object.keys(options);
  switch (item.type) {
    case 'judge':
      if (typeof item.answer !== 'boolean') {
        out.push({ field: 'answer', reason: '判断题答案须为 true 或 false' });
      }
      return out;
    case 'single':
      if (typeof item.answer !== 'string' || !(item.answer in options)) {
        out.push({ field: 'answer', reason: `答案 ${String(item.answer)} 不在选项 ${labels.join('、')} 中` });
      }
      break;
    case 'multiple': {
      const keys = Array.isArray(item.answer) ? item.answer : [];
      const missing = keys.filter((k) => !(k in options));
      if (!Array.isArray(item.answer) || keys.length < 2) {
        out.push({ field: 'answer', reason: '多选题至少要有两个正确选项' });
      }
      if (missing.length > 0) {
        out.push({ field: 'answer', reason: `答案 ${missing.join('、')} 不在选项 ${labels.join('、')} 中` });
      }
      break;
    }
  }
  const expected = OPTION_LABELS.slice(0, labels.length);
  if ([...labels].sort().join('') !== expected.join('')) {
    out.push({ field: 'options', reason: `选项标签须从 A 起连续（${expected.join('、')}）` });
  }
  const texts = new Map<string, string>();
  for (const [label, text] of Object.entries(options)) {
    const norm = text.replace(/\s+/g, '');
    const other = texts.get(norm);
    if (other) {
      out.push({ field: `options.${label}`, reason: `与选项 ${other} 内容相同` });
    } else {
      texts.set(norm, label);
    }
  }
  return out;
}

/** Joins the declarations of each document; a document declared twice must be declared alike. */
export function mergeSources(declared: readonly LocatedSource[]): {
  merged: Map<string, LocatedSource>;
  conflicts: BankIssue[];
} {
  const merged = new Map<string, LocatedSource>();
  const conflicts: BankIssue[] = [];
  const fields: Array<keyof BankSource> = [
    'title',
    'issuer',
    'documentNumber',
    'versionDate',
    'effectiveDate',
    'status',
    'lawFile',
    'supersededBy',
    'supersededFrom',
    'scope',
  ];
  for (const d of declared) {
    const first = merged.get(d.source.key);
    if (!first) {
      merged.set(d.source.key, d);
      continue;
    }
    if (first.where.file === d.where.file) {
      conflicts.push({
        severity: 'error',
        where: d.where,
        sourceKey: d.source.key,
        field: 'key',
        reason: '同一文件中重复声明',
      });
      continue;
    }
    for (const f of fields) {
      if ((first.source[f] ?? null) !== (d.source[f] ?? null)) {
        conflicts.push({
          severity: 'error',
          where: d.where,
          sourceKey: d.source.key,
          field: f,
          reason: `与 ${first.where.file} 中的声明不一致（${String(first.source[f] ?? '（无）')} ≠ ${String(d.source[f] ?? '（无）')}）`,
        });
      }
    }
  }
  return { merged, conflicts };
}

function resolveSource(
  li: LocatedItem,
  declaredIn: ReadonlyMap<string, ReadonlySet<string>>,
  merged: ReadonlyMap<string, LocatedSource>,
  options: CheckOptions,
): BankSource | null {
  const key = li.item.source.document;
  if (declaredIn.get(li.where.file)?.has(key)) {
    return merged.get(key)?.source ?? null;
  }
  if (options.mode === 'upload') {
    return merged.get(key)?.source ?? options.knownSources?.get(key) ?? null;
  }
  return null;
}

/** One error per repeated id, naming every place it occurs. */
export function duplicateIds(ids: ReadonlyArray<{ id: string; where: Location }>): BankIssue[] {
  const byId = new Map<string, Location[]>();
  for (const { id, where } of ids) {
    byId.set(id, [...(byId.get(id) ?? []), where]);
  }
  const out: BankIssue[] = [];
  for (const [id, wheres] of byId) {
    if (wheres.length > 1) {
      const places = wheres.map(
        (w) => `${w.file}${w.line ? `:${w.line}` : ''}${w.row ? ` 第${w.row}行` : ''}`,
      );
      for (const where of wheres.slice(1)) {
        out.push({
          severity: 'error',
          where,
          itemId: id,
          field: 'id',
          reason: `编号重复（${places.join('，')}）`,
        });
      }
    }
  }
  return out;
}

/**
 * Currency of one item against its source: no approved item on a superseded or repealed source (retire it, or
 * keep it as a draft awaiting review); an approved item on a partially superseded source records that it was
 * checked against a declared rule (normally the newer one); a retirement reason only on retired items.
 */
export function checkCurrency(
  item: BankItem,
  source: BankSource,
  isDeclared: (key: string) => boolean,
): Array<{ field: string; reason: string }> {
  const out: Array<{ field: string; reason: string }> = [];
  switch (source.status) {
    case 'superseded':
    case 'repealed':
      if (item.status === 'approved') {
        out.push({
          field: 'status',
          reason: `来源「${source.key}」已${source.status === 'superseded' ? '被替代' : '废止'}，其题目不能为 approved（停用并写明原因，或保留为草稿待评审）`,
        });
      }
      break;
    case 'partially-superseded':
      if (item.status === 'approved' && !item.checkedAgainst) {
        out.push({
          field: 'checkedAgainst',
          reason: `来源「${source.key}」已部分被「${source.supersededBy ?? '新规'}」替代：已批准的题目须记录对照新规的核对（checkedAgainst）`,
        });
      }
      break;
    case 'in-force':
      break;
  }
  if (item.checkedAgainst && !isDeclared(item.checkedAgainst.document)) {
    out.push({
      field: 'checkedAgainst.document',
      reason: `题库中没有声明来源「${item.checkedAgainst.document}」`,
    });
  }
  if (item.retiredReason && item.status !== 'retired') {
    out.push({ field: 'retiredReason', reason: '只有已停用（retired）的题目才有停用原因' });
  }
  return out;
}

/** A superseded source names a newer rule that the bank (or the application) declares, and not itself. */
export function checkSupersession(
  merged: ReadonlyMap<string, LocatedSource>,
  known?: ReadonlyMap<string, BankSource>,
): BankIssue[] {
  const out: BankIssue[] = [];
  for (const { source, where } of merged.values()) {
    if (!source.supersededBy) {
      if (source.supersededFrom) {
        out.push({
          severity: 'error',
          where,
          sourceKey: source.key,
          field: 'supersededFrom',
          reason: '须与 supersededBy 一起填写',
        });
      }
      continue;
    }
    if (source.status !== 'superseded' && source.status !== 'partially-superseded') {
      out.push({
        severity: 'error',
        where,
        sourceKey: source.key,
        field: 'supersededBy',
        reason: '只有状态为 superseded 或 partially-superseded 的来源才能填写 supersededBy',
      });
    } else if (source.supersededBy === source.key) {
      out.push({
        severity: 'error',
        where,
        sourceKey: source.key,
        field: 'supersededBy',
        reason: '不能由自身替代',
      });
    } else if (!merged.has(source.supersededBy) && !known?.has(source.supersededBy)) {
      out.push({
        severity: 'error',
        where,
        sourceKey: source.key,
        field: 'supersededBy',
        reason: `题库中没有声明来源「${source.supersededBy}」（新规须在某个题库文件的 sources 中声明）`,
      });
    }
  }
  return out;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * The item-writing rules over the approved items (see item-writing-rules.ts), and give-aways among the live
 * items: undeclared pairs are errors when both items are approved, warnings otherwise (a draft is not yet in
 * any paper, but whoever approves it should see the pair).
 */
export function checkWritingRules(
  items: readonly CheckedItem[],
  sources: ReadonlyMap<string, LocatedSource>,
  groups: readonly EnemyGroup[],
): BankIssue[] {
  const out: BankIssue[] = [];
  const bank: Location = { file: '（全库）' };
  const approved = items.filter((c) => c.item.status === 'approved');
  const sourceWhere = (key: string): Location => sources.get(key)?.where ?? bank;

  for (const c of approved) {
    if (!c.item.recall && looksLikeRecall(c.item)) {
      out.push({
        severity: 'warning',
        where: c.where,
        itemId: c.item.id,
        field: 'recall',
        reason: '选项全是数字、期限或金额：若本题只考记忆，请标 recall: true（计入纯记忆题上限）',
      });
    }
    if (c.item.type !== 'judge') {
      continue;
    }
    const overlap = basisOverlap(c.item.stem, c.item.basis);
    if (overlap >= BASIS_COPY_THRESHOLD) {
      out.push({
        severity: 'error',
        where: c.where,
        itemId: c.item.id,
        field: 'stem',
        reason: `判断题题干照抄了依据原文（${pct(overlap)} 的字符二元组见于依据，须低于 ${pct(BASIS_COPY_THRESHOLD)}）：请改写`,
      });
    }
  }

  const bySource = new Map<string, CheckedItem[]>();
  for (const c of approved) {
    bySource.set(c.item.source.document, [...(bySource.get(c.item.source.document) ?? []), c]);
  }
  for (const [key, list] of bySource) {
    const judges = list.filter((c) => c.item.type === 'judge');
    if (judges.length >= TRUE_SHARE_RANGE.minItems) {
      const share = judges.filter((c) => c.item.answer === true).length / judges.length;
      if (share < TRUE_SHARE_RANGE.min || share > TRUE_SHARE_RANGE.max) {
        out.push({
          severity: 'error',
          where: sourceWhere(key),
          sourceKey: key,
          field: 'answer',
          reason: `已批准判断题中答案为“正确”的占 ${pct(share)}（${judges.length} 道），须在 ${pct(TRUE_SHARE_RANGE.min)}–${pct(TRUE_SHARE_RANGE.max)} 之间`,
        });
      }
    }
    if (list.length >= RECALL_LIMIT.minItems) {
      const share = list.filter((c) => c.item.recall).length / list.length;
      if (share > RECALL_LIMIT.share) {
        out.push({
          severity: 'error',
          where: sourceWhere(key),
          sourceKey: key,
          field: 'recall',
          reason: `已批准题目中纯记忆题（recall）占 ${pct(share)}（${list.length} 道），上限 ${pct(RECALL_LIMIT.share)}`,
        });
      }
    }
  }
  if (approved.length > 0) {
    const share = approved.filter((c) => c.item.recall).length / approved.length;
    if (share > RECALL_LIMIT.share) {
      out.push({
        severity: 'error',
        where: bank,
        field: 'recall',
        reason: `全库已批准题目中纯记忆题（recall）占 ${pct(share)}，上限 ${pct(RECALL_LIMIT.share)}`,
      });
    }
  }

  for (const type of ['single', 'multiple'] as const) {
    const s = longestKeyShare(approved.filter((c) => c.item.type === type).map((c) => c.item));
    if (s.items >= SHARE_RULES_MIN_ITEMS && Math.abs(s.share - s.chance) > LONGEST_KEY_TOLERANCE) {
      out.push({
        severity: 'error',
        where: bank,
        field: 'options',
        reason: `${type === 'single' ? '单选题' : '多选题'}中正确选项恰为最长选项的占 ${pct(s.share)}（${s.hits}/${s.items}），随机放置约为 ${pct(s.chance)}，相差须在 ${LONGEST_KEY_TOLERANCE * 100} 个百分点以内`,
      });
    }
  }
  const shapes = multipleShapes(approved.map((c) => c.item));
  if (shapes.items >= SHARE_RULES_MIN_ITEMS) {
    const need = Math.ceil(shapes.items * MULTIPLE_SHAPE_MIN_SHARE);
    if (shapes.allKeyed < need) {
      out.push({
        severity: 'error',
        where: bank,
        field: 'answer',
        reason: `已批准多选题中全部选项都正确的只有 ${shapes.allKeyed} 道，至少需要 ${need} 道（${pct(MULTIPLE_SHAPE_MIN_SHARE)}）`,
      });
    }
    if (shapes.twoKeys < need) {
      out.push({
        severity: 'error',
        where: bank,
        field: 'answer',
        reason: `已批准多选题中恰有两个正确选项的只有 ${shapes.twoKeys} 道，至少需要 ${need} 道（${pct(MULTIPLE_SHAPE_MIN_SHARE)}）`,
      });
    }
  }

  const live = items.filter((c) => c.item.status !== 'retired');
  const declared = enemyLookup(groups);
  for (const g of findGiveaways(live.map((c) => c.item))) {
    const revealer = live[g.revealer];
    const revealed = live[g.revealed];
    if (declared(revealer.item.id, revealed.item.id)) {
      continue;
    }
    const bothApproved = revealer.item.status === 'approved' && revealed.item.status === 'approved';
    out.push({
      severity: bothApproved ? 'error' : 'warning',
      where: revealed.where,
      itemId: revealed.item.id,
      field: 'stem',
      reason: `${revealer.item.id}（${revealer.where.file}${revealer.where.line ? `:${revealer.where.line}` : ''}）的题干给出了本题的答案（覆盖 ${pct(g.score)}）：改写其一，或在 enemy-groups.yaml 中声明为互斥组`,
    });
  }
  return out;
}
