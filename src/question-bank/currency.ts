import type { CheckedAgainst } from './files/bank-format';
import type { SourceStatus } from './question-type';

/** What currency needs to know of an item's source. */
export interface SourceCurrency {
  key: string;
  status: SourceStatus;
  /** YYYY-MM-DD: when the quoted version took effect (null: not known). */
  effectiveDate: string | null;
  supersededBy: string | null;
  /** YYYY-MM-DD: from when the newer rule governs (null: already, whatever the date). */
  supersededFrom: string | null;
}

/** Why an approved item may not be examined on a date; null when it may. */
export type CurrencyVerdict = null | {
  code: 'not-yet-in-force' | 'superseded' | 'repealed' | 'unchecked-against-newer';
  reason: string;
};

/**
 * Whether an approved item may be examined on `date` (YYYY-MM-DD, compared as text, which orders ISO dates):
 * - its source's quoted version must have taken effect by then;
 * - a repealed source, or a superseded one once the newer rule governs, retires the item for that date;
 * - a partially superseded source keeps the item only once it records that it was checked against the newer
 *   rule (`checkedAgainst`), because where the two differ the newer one governs.
 * Before `supersededFrom` the old rule is still the law, so a campaign dated earlier may use the item.
 */
export function currencyVerdict(
  source: SourceCurrency,
  checkedAgainst: CheckedAgainst | null | undefined,
  date: string,
): CurrencyVerdict {
  if (source.effectiveDate && source.effectiveDate > date) {
    return {
      code: 'not-yet-in-force',
      reason: `《${source.key}》（${source.effectiveDate} 施行）在考试日 ${date} 尚未施行`,
    };
  }
  const governs = source.supersededFrom === null || source.supersededFrom <= date;
  const newer = source.supersededBy ? `《${source.supersededBy}》` : '新规定';
  switch (source.status) {
    case 'in-force':
      return null;
    case 'repealed':
      return { code: 'repealed', reason: `《${source.key}》已废止` };
    case 'superseded':
      return governs
        ? {
            code: 'superseded',
            reason: `《${source.key}》已被${newer}替代${source.supersededFrom ? `（${source.supersededFrom} 起）` : ''}`,
          }
        : null;
    case 'partially-superseded':
      if (!governs || checkedAgainst) {
        return null;
      }
      return {
        code: 'unchecked-against-newer',
        reason: `《${source.key}》自 ${source.supersededFrom ?? '现在'}起部分由${newer}替代，该题尚未对照新规定核对`,
      };
  }
}

/** Today in Beijing time (YYYY-MM-DD): the exam date when a campaign sets none. */
export function beijingDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
