import { describeIdNumberProblem, idNumberProblem, normaliseIdNumber } from './id-number';
import {
  AGENCY_COLUMNS,
  AGENCY_SHEET,
  AGENCY_STATUS,
  CERTIFICATE_SEPARATOR,
  EXAMPLE_MARK,
  NO,
  TECHNICIAN_COLUMNS,
  TECHNICIAN_SHEET,
  TECHNICIAN_STATUS,
  YES,
} from './roster-sheet';
import type { RawCell, RawSheet } from './roster-workbook';
import { describeUsccProblem, usccProblem } from './uscc';

/** One problem of an import: where (sheet, Excel row number, column header) and why. */
export interface RosterImportError {
  sheet: string;
  row: number;
  column: string;
  reason: string;
}

export interface AgencyInput {
  /** Excel row number (for messages). */
  row: number;
  code: string;
  name: string;
  county: string;
  contactName: string | null;
  contactPhone: string | null;
  active: boolean;
}

export interface TechnicianInput {
  row: number;
  name: string;
  idNumber: string;
  agencyCode: string;
  /** Discipline code. */
  discipline: string;
  certificates: string[];
  fullTime: boolean;
  active: boolean;
}

export interface RosterRules {
  counties: readonly string[];
  disciplines: ReadonlyArray<{ code: string; name: string }>;
  /** Agency codes already in the database (technicians may refer to them without listing them again). */
  knownAgencyCodes: ReadonlySet<string>;
  today: Date;
}

export interface ValidatedRoster {
  agencies: AgencyInput[];
  technicians: TechnicianInput[];
  errors: RosterImportError[];
}

/** Text that cannot hold a tab, line break or other control character (the draw's canonical form uses them). */
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Checks every row of both sheets and collects every problem (not only the first): missing or unknown
 * headers, bad check digits, unknown county, discipline or agency, duplicate rows, bad flags. Pure.
 */
export function validateRoster(
  sheets: { agencies?: RawSheet; technicians?: RawSheet },
  rules: RosterRules,
): ValidatedRoster {
  const errors: RosterImportError[] = [];
  const agencies: AgencyInput[] = [];
  const technicians: TechnicianInput[] = [];

  if (!sheets.agencies) {
    errors.push({ sheet: AGENCY_SHEET, row: 0, column: '', reason: `缺少工作表“${AGENCY_SHEET}”` });
  }
  if (!sheets.technicians) {
    errors.push({
      sheet: TECHNICIAN_SHEET,
      row: 0,
      column: '',
      reason: `缺少工作表“${TECHNICIAN_SHEET}”`,
    });
  }
  const agencyCols = sheets.agencies
    ? columnsOf(sheets.agencies, AGENCY_COLUMNS, errors, ['code', 'name', 'county'])
    : null;
  const techCols = sheets.technicians
    ? columnsOf(sheets.technicians, TECHNICIAN_COLUMNS, errors, [
        'name',
        'idNumber',
        'agencyCode',
        'discipline',
      ])
    : null;
  if (!sheets.agencies || !sheets.technicians || !agencyCols || !techCols) {
    return { agencies, technicians, errors };
  }

  const seenAgency = new Map<string, number>();
  for (const { row, cells } of sheets.agencies.rows) {
    const get = (f: keyof typeof AGENCY_COLUMNS): RawCell | undefined =>
      agencyCols[f] ? cells.get(agencyCols[f]) : undefined;
    const err = (f: keyof typeof AGENCY_COLUMNS, reason: string) =>
      errors.push({ sheet: AGENCY_SHEET, row, column: AGENCY_COLUMNS[f], reason });
    if ((get('name')?.text ?? '').startsWith(EXAMPLE_MARK)) {
      continue;
    }
    const before = errors.length;
    const code = (get('code')?.text ?? '').toUpperCase();
    if (!code) {
      err('code', '必填');
    } else {
      const p = usccProblem(code);
      if (p) {
        err('code', describeUsccProblem(p));
      } else if (seenAgency.has(code)) {
        err('code', `与第 ${seenAgency.get(code)} 行重复`);
      }
    }
    const name = text(get('name'), 128, '机构名称', (r) => err('name', r), true);
    const countyText = get('county')?.text ?? '';
    if (!countyText) {
      err('county', '必填');
    } else if (!rules.counties.includes(countyText)) {
      err('county', `未知的区县“${countyText}”（可选：${rules.counties.join('、')}）`);
    }
    const contactName = text(get('contactName'), 32, '联系人', (r) => err('contactName', r), false);
    const contactPhone = text(get('contactPhone'), 32, '联系电话', (r) => err('contactPhone', r), false);
    const active = flag(get('status'), AGENCY_STATUS.active, AGENCY_STATUS.inactive, true, (r) =>
      err('status', r),
    );
    if (code && !seenAgency.has(code)) {
      seenAgency.set(code, row);
    }
    if (errors.length === before) {
      agencies.push({
        row,
        code,
        name: name ?? '',
        county: countyText,
        contactName: contactName || null,
        contactPhone: contactPhone || null,
        active: active ?? true,
      });
    }
  }

  const disciplineByText = new Map<string, string>();
  for (const d of rules.disciplines) {
    disciplineByText.set(d.name, d.code);
    disciplineByText.set(d.code, d.code);
  }
  const seenPerson = new Map<string, number>();
  const nameOfId = new Map<string, { name: string; row: number }>();
  for (const { row, cells } of sheets.technicians.rows) {
    const get = (f: keyof typeof TECHNICIAN_COLUMNS): RawCell | undefined =>
      techCols[f] ? cells.get(techCols[f]) : undefined;
    const err = (f: keyof typeof TECHNICIAN_COLUMNS, reason: string) =>
      errors.push({ sheet: TECHNICIAN_SHEET, row, column: TECHNICIAN_COLUMNS[f], reason });
    if ((get('name')?.text ?? '').startsWith(EXAMPLE_MARK)) {
      continue;
    }
    const before = errors.length;
    const name = text(get('name'), 32, '姓名', (r) => err('name', r), true);
    const idCell = get('idNumber');
    const idNumber = normaliseIdNumber(idCell?.text ?? '');
    if (!idNumber) {
      err('idNumber', '必填');
    } else if (idCell?.numeric) {
      err('idNumber', '身份证号码须以文本格式填写（数字格式会丢失末几位）');
    } else {
      const p = idNumberProblem(idNumber, rules.today);
      if (p) {
        err('idNumber', describeIdNumberProblem(p));
      }
    }
    const agencyCode = (get('agencyCode')?.text ?? '').toUpperCase();
    if (!agencyCode) {
      err('agencyCode', '必填');
    } else if (!seenAgency.has(agencyCode) && !rules.knownAgencyCodes.has(agencyCode)) {
      err('agencyCode', `未知的机构“${agencyCode}”（既不在“${AGENCY_SHEET}”表中，也不在系统中）`);
    }
    const disciplineText = get('discipline')?.text ?? '';
    const discipline = disciplineByText.get(disciplineText);
    if (!disciplineText) {
      err('discipline', '必填');
    } else if (!discipline) {
      err(
        'discipline',
        `未知的专业“${disciplineText}”（可选：${rules.disciplines.map((d) => d.name).join('、')}）`,
      );
    }
    const certText = get('certificates')?.text ?? '';
    const certificates = certText
      .split(CERTIFICATE_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (certificates.some((c) => c.length > 64)) {
      err('certificates', '单个证书名称不得超过 64 个字符');
    }
    const fullTime = flag(get('fullTime'), YES, NO, true, (r) => err('fullTime', r));
    const active = flag(get('status'), TECHNICIAN_STATUS.active, TECHNICIAN_STATUS.inactive, true, (r) =>
      err('status', r),
    );
    const personKey = `${agencyCode}|${idNumber}`;
    if (idNumber && agencyCode && seenPerson.has(personKey)) {
      err('idNumber', `与第 ${seenPerson.get(personKey)} 行重复（同一机构中的同一身份证号码）`);
    } else if (idNumber && agencyCode) {
      seenPerson.set(personKey, row);
    }
    if (name && idNumber) {
      const other = nameOfId.get(idNumber);
      if (other && other.name !== name) {
        err('name', `与第 ${other.row} 行同一身份证号码的姓名“${other.name}”不一致`);
      } else if (!other) {
        nameOfId.set(idNumber, { name, row });
      }
    }
    if (errors.length === before) {
      technicians.push({
        row,
        name: name ?? '',
        idNumber,
        agencyCode,
        discipline: discipline ?? '',
        certificates,
        fullTime: fullTime ?? true,
        active: active ?? true,
      });
    }
  }
  return { agencies, technicians, errors };
}

function columnsOf<F extends string>(
  sheet: RawSheet,
  columns: Record<F, string>,
  errors: RosterImportError[],
  required: NoInfer<F>[],
): Record<F, number | undefined> | null {
  const out = {} as Record<F, number | undefined>;
  let ok = true;
  for (const f of Object.keys(columns) as F[]) {
    out[f] = sheet.headers.get(columns[f]);
    if (out[f] === undefined && required.includes(f)) {
      errors.push({
        sheet: sheet.name,
        row: 1,
        column: columns[f],
        reason: '缺少该列（请使用系统提供的模板）',
      });
      ok = false;
    }
  }
  return ok ? out : null;
}

function text(
  cell: RawCell | undefined,
  max: number,
  label: string,
  err: (reason: string) => void,
  required: boolean,
): string | null {
  const v = (cell?.text ?? '').replace(/\s+/g, ' ').trim();
  if (!v) {
    if (required) {
      err('必填');
    }
    return null;
  }
  if (CONTROL.test(v)) {
    err(`${label}含有控制字符`);
    return null;
  }
  if (Array.from(v).length > max) {
    err(`${label}不得超过 ${max} 个字符`);
    return null;
  }
  return v;
}

function flag(
  cell: RawCell | undefined,
  yes: string,
  no: string,
  fallback: boolean,
  err: (reason: string) => void,
): boolean | null {
  const v = cell?.text ?? '';
  if (v === '') {
    return fallback;
  }
  if (v === yes) {
    return true;
  }
  if (v === no) {
    return false;
  }
  err(`应为“${yes}”或“${no}”，实为“${v}”`);
  return null;
}
