/**
 * The layout of the roster spreadsheet, shared by the template, the export and the import: sheet names, the
 * Chinese headers in order, and the words used for flags.
 */
export const AGENCY_SHEET = '机构';
export const TECHNICIAN_SHEET = '技术人员';
/** The hidden sheet holding the lists that the data validations refer to. */
export const OPTIONS_SHEET = '选项';

/** A row whose name cell starts with this is the template's example and is skipped by the import. */
export const EXAMPLE_MARK = '【示例】';

export const AGENCY_COLUMNS = {
  code: '统一社会信用代码',
  name: '机构名称',
  county: '所在区县',
  contactName: '联系人',
  contactPhone: '联系电话',
  status: '状态',
} as const;

export const TECHNICIAN_COLUMNS = {
  name: '姓名',
  idNumber: '身份证号码',
  agencyCode: '所属机构统一社会信用代码',
  discipline: '专业',
  certificates: '证书',
  fullTime: '是否专职',
  status: '在职状态',
} as const;

export type AgencyField = keyof typeof AGENCY_COLUMNS;
export type TechnicianField = keyof typeof TECHNICIAN_COLUMNS;

export const AGENCY_STATUS = { active: '正常', inactive: '停用' } as const;
export const TECHNICIAN_STATUS = { active: '在职', inactive: '离职' } as const;
export const YES = '是';
export const NO = '否';

/** Separators accepted between certificates in one cell; the export writes 、. */
export const CERTIFICATE_SEPARATOR = /[、,，;；\n]/;

/**
 * The most data rows one sheet of an imported roster may hold (issue 14: a documented cap, refused with a clear
 * message above it). A city's roster is a few thousand technicians; 50,000 leaves room for a province.
 */
export const ROSTER_MAX_ROWS = 50_000;
/**
 * Before a workbook is read, its sheets' row elements are counted while the zip guard inflates them; a sheet
 * with more than this many (blank formatted rows included) is refused without being read at all.
 */
export const ROSTER_MAX_ROW_ELEMENTS = Math.round(ROSTER_MAX_ROWS * 1.2) + 1;
