import { inspectXlsx, ROSTER_XLSX_LIMITS, XlsxRefusedError, XlsxUnreadableError } from '../common/xlsx-guard';
import { AgencyInput, RosterImportError, RosterRules, TechnicianInput, validateRoster } from './roster-rows';
import { ROSTER_MAX_ROW_ELEMENTS, ROSTER_MAX_ROWS } from './roster-sheet';
import { readRosterWorkbook, UnreadableWorkbookError } from './roster-workbook';

/*
 * Everything an import does before it touches the database, as one pure step (no Nest, no database): the zip
 * guard, the row cap, reading the sheets and validating every row. It runs in a worker thread
 * (roster-parse.worker.ts) so that a big roster never stalls the node's event loop; the tests may call it
 * directly.
 */

/** The rules as plain data (they cross to the worker thread). */
export interface RosterParseRules {
  counties: string[];
  disciplines: Array<{ code: string; name: string }>;
  /** Agency codes already in the database. */
  knownAgencyCodes: string[];
  /** ISO time of "today" for the ID numbers' birth dates. */
  today: string;
}

export type RosterParsePhase = 'checking' | 'reading' | 'validating';

export interface RosterParseProgress {
  phase: RosterParsePhase;
  /** Data rows of the 技术人员 sheet, once known. */
  rows?: number;
}

/** At most this many problems are handed back (the total is always given). */
export const ROSTER_ERRORS_KEPT = 1000;

export type RosterParseOutcome =
  | {
      ok: true;
      agencies: AgencyInput[];
      technicians: TechnicianInput[];
      /** The first ROSTER_ERRORS_KEPT problems. */
      errors: RosterImportError[];
      errorTotal: number;
    }
  /** Refused as a whole (a limit, the row cap, an unreadable file): 422 with this message and code. */
  | { ok: false; message: string; code: string; details?: unknown };

export const UNREADABLE_MESSAGE = '文件不是有效的 Excel (.xlsx) 文件';

export async function parseRosterFile(
  file: Buffer,
  rules: RosterParseRules,
  progress: (p: RosterParseProgress) => void = () => undefined,
): Promise<RosterParseOutcome> {
  progress({ phase: 'checking' });
  let rowElements: Map<string, number>;
  try {
    rowElements = (await inspectXlsx(file, ROSTER_XLSX_LIMITS)).rowElements;
  } catch (err) {
    if (err instanceof XlsxRefusedError) {
      return { ok: false, message: err.message, code: err.code, details: err.details };
    }
    if (err instanceof XlsxUnreadableError) {
      return { ok: false, message: UNREADABLE_MESSAGE, code: 'roster_file_unreadable' };
    }
    throw err;
  }
  const most = Math.max(0, ...rowElements.values());
  if (most > ROSTER_MAX_ROW_ELEMENTS) {
    // Refused before exceljs reads anything: the count came from the inflating stream.
    return {
      ok: false,
      message: `名册的一个工作表含有 ${most} 行，超过上限：每个工作表最多 ${ROSTER_MAX_ROWS} 行数据；请分批导入`,
      code: 'roster_too_many_rows',
      details: { limit: ROSTER_MAX_ROWS, actual: most },
    };
  }

  progress({ phase: 'reading' });
  let sheets: Awaited<ReturnType<typeof readRosterWorkbook>>;
  try {
    sheets = await readRosterWorkbook(file);
  } catch (err) {
    if (err instanceof UnreadableWorkbookError) {
      return { ok: false, message: UNREADABLE_MESSAGE, code: 'roster_file_unreadable' };
    }
    throw err;
  }
  for (const sheet of [sheets.agencies, sheets.technicians]) {
    if (sheet && sheet.rows.length > ROSTER_MAX_ROWS) {
      return {
        ok: false,
        message: `工作表“${sheet.name}”有 ${sheet.rows.length} 行数据，超过上限 ${ROSTER_MAX_ROWS} 行；请分批导入`,
        code: 'roster_too_many_rows',
        details: { sheet: sheet.name, limit: ROSTER_MAX_ROWS, actual: sheet.rows.length },
      };
    }
  }

  progress({ phase: 'validating', rows: sheets.technicians?.rows.length ?? 0 });
  const r: RosterRules = {
    counties: rules.counties,
    disciplines: rules.disciplines,
    knownAgencyCodes: new Set(rules.knownAgencyCodes),
    today: new Date(rules.today),
  };
  const valid = validateRoster(sheets, r);
  return {
    ok: true,
    agencies: valid.agencies,
    technicians: valid.technicians,
    errors: valid.errors.slice(0, ROSTER_ERRORS_KEPT),
    errorTotal: valid.errors.length,
  };
}
