import ExcelJS from 'exceljs';
import {
  AGENCY_COLUMNS,
  AGENCY_SHEET,
  AGENCY_STATUS,
  AgencyField,
  EXAMPLE_MARK,
  NO,
  OPTIONS_SHEET,
  TECHNICIAN_COLUMNS,
  TECHNICIAN_SHEET,
  TECHNICIAN_STATUS,
  TechnicianField,
  YES,
} from './roster-sheet';

/** An agency as written in the spreadsheet (already validated when it comes from the database). */
export interface AgencySheetRow {
  code: string;
  name: string;
  county: string;
  contactName: string | null;
  contactPhone: string | null;
  active: boolean;
}

export interface TechnicianSheetRow {
  name: string;
  idNumber: string;
  agencyCode: string;
  /** The discipline's Chinese name as shown in the sheet. */
  disciplineName: string;
  certificates: string[];
  fullTime: boolean;
  active: boolean;
}

export interface WorkbookLists {
  counties: readonly string[];
  disciplineNames: readonly string[];
}

/** Rows below the data that still get the drop-down lists, so that people can append. */
const SPARE_ROWS = 2000;

/**
 * Builds the roster spreadsheet: the 机构 and 技术人员 sheets with Chinese headers, drop-down lists for county,
 * discipline and flags (from a hidden 选项 sheet), text-formatted code and ID columns (so Excel does not turn an
 * ID number into a rounded number), and either the given rows or, for the template, one example row each.
 */
export async function buildRosterWorkbook(
  lists: WorkbookLists,
  data: { agencies: AgencySheetRow[]; technicians: TechnicianSheetRow[] } | 'template',
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'choukao';
  // Fixed dates keep the file identical for identical content.
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = new Date(Date.UTC(2026, 0, 1));

  const agencies = wb.addWorksheet(AGENCY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const technicians = wb.addWorksheet(TECHNICIAN_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const options = wb.addWorksheet(OPTIONS_SHEET, { state: 'veryHidden' });

  const optionColumns: Array<[string, readonly string[]]> = [
    ['专业', lists.disciplineNames],
    ['区县', lists.counties],
    ['是否', [YES, NO]],
    ['在职状态', [TECHNICIAN_STATUS.active, TECHNICIAN_STATUS.inactive]],
    ['机构状态', [AGENCY_STATUS.active, AGENCY_STATUS.inactive]],
  ];
  const listRef: Record<string, string> = {};
  optionColumns.forEach(([title, values], i) => {
    const col = options.getColumn(i + 1);
    col.values = [title, ...values];
    const letter = col.letter;
    listRef[title] = `'${OPTIONS_SHEET}'!$${letter}$2:$${letter}$${values.length + 1}`;
  });

  agencies.columns = [
    { header: AGENCY_COLUMNS.code, key: 'code', width: 24, style: { numFmt: '@' } },
    { header: AGENCY_COLUMNS.name, key: 'name', width: 36 },
    { header: AGENCY_COLUMNS.county, key: 'county', width: 14 },
    { header: AGENCY_COLUMNS.contactName, key: 'contactName', width: 12 },
    { header: AGENCY_COLUMNS.contactPhone, key: 'contactPhone', width: 16, style: { numFmt: '@' } },
    { header: AGENCY_COLUMNS.status, key: 'status', width: 10 },
  ] satisfies Array<Partial<ExcelJS.Column> & { key: AgencyField }>;
  technicians.columns = [
    { header: TECHNICIAN_COLUMNS.name, key: 'name', width: 12 },
    { header: TECHNICIAN_COLUMNS.idNumber, key: 'idNumber', width: 22, style: { numFmt: '@' } },
    { header: TECHNICIAN_COLUMNS.agencyCode, key: 'agencyCode', width: 26, style: { numFmt: '@' } },
    { header: TECHNICIAN_COLUMNS.discipline, key: 'discipline', width: 14 },
    { header: TECHNICIAN_COLUMNS.certificates, key: 'certificates', width: 30 },
    { header: TECHNICIAN_COLUMNS.fullTime, key: 'fullTime', width: 10 },
    { header: TECHNICIAN_COLUMNS.status, key: 'status', width: 10 },
  ] satisfies Array<Partial<ExcelJS.Column> & { key: TechnicianField }>;
  for (const ws of [agencies, technicians]) {
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  }

  const rows =
    data === 'template'
      ? {
          agencies: [
            {
              code: '91371302MA3C0000X0',
              name: `${EXAMPLE_MARK}临沂示例安全技术服务有限公司`,
              county: lists.counties[0] ?? '',
              contactName: '王经理',
              contactPhone: '0539-0000000',
              active: true,
            },
          ],
          technicians: [
            {
              name: `${EXAMPLE_MARK}张三`,
              idNumber: '11010519491231002X',
              agencyCode: '91371302MA3C0000X0',
              disciplineName: lists.disciplineNames[0] ?? '',
              certificates: ['注册安全工程师'],
              fullTime: true,
              active: true,
            },
          ],
        }
      : data;

  for (const a of rows.agencies) {
    agencies.addRow({
      code: a.code,
      name: a.name,
      county: a.county,
      contactName: a.contactName ?? '',
      contactPhone: a.contactPhone ?? '',
      status: a.active ? AGENCY_STATUS.active : AGENCY_STATUS.inactive,
    } satisfies Record<AgencyField, string>);
  }
  for (const t of rows.technicians) {
    technicians.addRow({
      name: t.name,
      idNumber: t.idNumber,
      agencyCode: t.agencyCode,
      discipline: t.disciplineName,
      certificates: t.certificates.join('、'),
      fullTime: t.fullTime ? YES : NO,
      status: t.active ? TECHNICIAN_STATUS.active : TECHNICIAN_STATUS.inactive,
    } satisfies Record<TechnicianField, string>);
  }
  if (data === 'template') {
    for (const ws of [agencies, technicians]) {
      ws.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };
    }
    agencies.getCell('A1').note = `以“${EXAMPLE_MARK}”开头的示例行在导入时会被忽略，可直接删除。`;
    technicians.getCell('A1').note = `以“${EXAMPLE_MARK}”开头的示例行在导入时会被忽略，可直接删除。`;
  }

  const lastAgencyRow = Math.max(rows.agencies.length + 1, 1) + SPARE_ROWS;
  const lastTechnicianRow = Math.max(rows.technicians.length + 1, 1) + SPARE_ROWS;
  const list = (ref: string, title: string): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    formulae: [ref],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入无效',
    error: `请从下拉列表中选择${title}`,
  });
  const dv = (ws: ExcelJS.Worksheet) =>
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
      .dataValidations;
  dv(agencies).add(`C2:C${lastAgencyRow}`, list(listRef['区县'], '区县'));
  dv(agencies).add(`F2:F${lastAgencyRow}`, list(listRef['机构状态'], '状态'));
  dv(technicians).add(`D2:D${lastTechnicianRow}`, list(listRef['专业'], '专业'));
  dv(technicians).add(`F2:F${lastTechnicianRow}`, list(listRef['是否'], '是或否'));
  dv(technicians).add(`G2:G${lastTechnicianRow}`, list(listRef['在职状态'], '在职状态'));

  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One sheet as read: the header positions and the non-empty data rows, each cell as trimmed text. */
export interface RawSheet {
  name: string;
  /** Header text → 1-based column number. */
  headers: Map<string, number>;
  rows: Array<{ row: number; cells: Map<number, RawCell> }>;
}

/** A cell's text, and whether Excel stored it as a number (which loses digits of an ID number). */
export interface RawCell {
  text: string;
  numeric: boolean;
}

export class UnreadableWorkbookError extends Error {}

/** Reads the sheets of an uploaded workbook as text; undefined for a missing sheet. */
export async function readRosterWorkbook(
  buffer: Buffer,
): Promise<{ agencies?: RawSheet; technicians?: RawSheet }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw new UnreadableWorkbookError('文件不是有效的 Excel (.xlsx) 文件');
  }
  const read = (name: string): RawSheet | undefined => {
    const ws = wb.getWorksheet(name);
    if (!ws) {
      return undefined;
    }
    const headers = new Map<string, number>();
    ws.getRow(1).eachCell((cell, col) => {
      const text = cellText(cell.value).text;
      if (text) {
        headers.set(text, col);
      }
    });
    const rows: RawSheet['rows'] = [];
    ws.eachRow((row, rowNumber) => {
      if (rowNumber === 1) {
        return;
      }
      const cells = new Map<number, RawCell>();
      row.eachCell((cell, col) => {
        const c = cellText(cell.value);
        if (c.text !== '') {
          cells.set(col, c);
        }
      });
      if (cells.size > 0) {
        rows.push({ row: rowNumber, cells });
      }
    });
    return { name, headers, rows };
  };
  return { agencies: read(AGENCY_SHEET), technicians: read(TECHNICIAN_SHEET) };
}

function cellText(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) {
    return { text: '', numeric: false };
  }
  if (typeof v === 'number') {
    return { text: String(v), numeric: true };
  }
  if (typeof v === 'string') {
    return { text: v.trim(), numeric: false };
  }
  if (typeof v === 'boolean') {
    return { text: v ? YES : NO, numeric: false };
  }
  if (v instanceof Date) {
    return { text: v.toISOString().slice(0, 10), numeric: false };
  }
  if ('richText' in v) {
    return {
      text: v.richText
        .map((r) => r.text)
        .join('')
        .trim(),
      numeric: false,
    };
  }
  if ('formula' in v || 'sharedFormula' in v) {
    return cellText((v as ExcelJS.CellFormulaValue).result);
  }
  if ('text' in v && typeof v.text === 'string') {
    return { text: v.text.trim(), numeric: false };
  }
  if ('error' in v) {
    return { text: String(v.error), numeric: false };
  }
  return { text: '', numeric: false };
}
