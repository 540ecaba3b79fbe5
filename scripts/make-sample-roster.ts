import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DISCIPLINES } from '../src/config/disciplines';
import { DEFAULT_COUNTIES } from '../src/roster/counties';
import { FictionalRoster, generateFictionalRoster } from '../src/roster/fictional-roster';
import { idCheckChar } from '../src/roster/id-number';
import { buildRosterWorkbook } from '../src/roster/roster-workbook';
import { usccCheckChar } from '../src/roster/uscc';

/**
 * Writes the shipped sample rosters (fictional agencies and people, valid check digits) and their README:
 *   samples/roster/sample-roster.xlsx         imports cleanly; has the roster problems a campaign must handle
 *   samples/roster/sample-roster-errors.xlsx  the same with deliberate import errors (the import rejects it)
 * Run: node -r @swc-node/register scripts/make-sample-roster.ts
 */
export interface SampleProblem {
  sheet: '机构' | '技术人员';
  /** Excel row number (the header is row 1). */
  row: number;
  column: string;
  what: string;
}

export interface SampleRosters {
  clean: FictionalRoster;
  errors: FictionalRoster;
  /** What the clean file contains on purpose (not import errors). */
  notes: string[];
  /** The import errors of the errors file, each where the import reports it. */
  problems: SampleProblem[];
}

const wrongLast = (s: string, valid: string) => s.slice(0, 17) + (valid === '0' ? '1' : '0');

export function sampleRosters(): SampleRosters {
  const clean = generateFictionalRoster({
    agencies: 20,
    perAgency: [4, 24],
    seed: 2026,
    emptyAgencies: [19],
    conflicts: 1,
    inactiveShare: 0.05,
  });
  // Agency 18 keeps a single technician, agency 17 three: the smallest cases of k = ceil(N / 2).
  const keepFirst = (code: string, n: number) => {
    let seen = 0;
    clean.technicians = clean.technicians.filter((t) => t.agencyCode !== code || ++seen <= n);
  };
  keepFirst(clean.agencies[18].code, 1);
  keepFirst(clean.agencies[17].code, 3);
  for (const t of clean.technicians.filter(
    (x) => x.agencyCode === clean.agencies[17].code || x.agencyCode === clean.agencies[18].code,
  )) {
    t.active = true;
  }
  const conflict = clean.technicians[clean.technicians.length - 1];
  const first = clean.technicians.find((t) => t.idNumber === conflict.idNumber)!;
  const agencyName = (code: string) => clean.agencies.find((a) => a.code === code)!.name;
  const notes = [
    `${clean.agencies.length} 家机构、${clean.technicians.length} 条技术人员记录，统一社会信用代码与身份证号码的校验位均有效（纯属虚构）。`,
    `人员冲突：${first.name}（身份证号码 ${first.idNumber}）同时在“${agencyName(first.agencyCode)}”和“${agencyName(conflict.agencyCode)}”在职。导入成功并报告冲突；冻结名册会被拒绝，须先在“人员冲突”中处理，或填写理由强制继续。`,
    `“${clean.agencies[19].name}”没有技术人员（N = 0）：抽取时报告为“无技术人员，本项不计分”。`,
    `“${clean.agencies[18].name}”只有 1 名技术人员（N = 1 → k = 1）；“${clean.agencies[17].name}”有 3 名（N = 3 → k = 2）。`,
    `${clean.technicians.filter((t) => !t.active).length} 人标记为“离职”，${clean.technicians.filter((t) => !t.fullTime).length} 人为非专职：离职人员不进入名册快照；非专职人员仅在批次设置“仅专职”时被排除。`,
  ];

  const errors: FictionalRoster = structuredClone(clean);
  const problems: SampleProblem[] = [];
  const techRow = (i: number) => i + 2;
  const agencyRow = (i: number) => i + 2;

  const a0 = errors.agencies[2];
  a0.code = wrongLast(a0.code, usccCheckChar(a0.code.slice(0, 17)));
  // Its technicians now refer to an unknown agency too; point them at the agency before it, so that the only
  // problem they add is none.
  for (const t of errors.technicians.filter((x) => x.agencyCode === clean.agencies[2].code)) {
    t.agencyCode = errors.agencies[1].code;
  }
  problems.push({
    sheet: '机构',
    row: agencyRow(2),
    column: '统一社会信用代码',
    what: '统一社会信用代码校验位错误',
  });
  errors.agencies[4].county = '火星区';
  problems.push({ sheet: '机构', row: agencyRow(4), column: '所在区县', what: '区县不在配置的列表中' });

  const t1 = errors.technicians[3];
  t1.idNumber = wrongLast(t1.idNumber, idCheckChar(t1.idNumber.slice(0, 17)));
  problems.push({ sheet: '技术人员', row: techRow(3), column: '身份证号码', what: '身份证号码校验位错误' });
  const t2 = errors.technicians[6];
  const body = `${t2.idNumber.slice(0, 6)}19900230${t2.idNumber.slice(14, 17)}`;
  t2.idNumber = body + idCheckChar(body);
  problems.push({
    sheet: '技术人员',
    row: techRow(6),
    column: '身份证号码',
    what: '出生日期不存在（2 月 30 日），校验位本身正确',
  });
  errors.technicians[9].agencyCode = '91370000163044841F';
  problems.push({
    sheet: '技术人员',
    row: techRow(9),
    column: '所属机构统一社会信用代码',
    what: '机构既不在“机构”表中，也不在系统中',
  });
  errors.technicians[12].disciplineName = '核电';
  problems.push({ sheet: '技术人员', row: techRow(12), column: '专业', what: '专业不在配置的专业列表中' });
  const dup = { ...errors.technicians[20], certificates: [...errors.technicians[20].certificates] };
  errors.technicians.push(dup);
  problems.push({
    sheet: '技术人员',
    row: techRow(errors.technicians.length - 1),
    column: '身份证号码',
    what: `与第 ${techRow(20)} 行重复（同一机构、同一身份证号码）`,
  });
  const renamed = {
    ...errors.technicians[25],
    agencyCode: errors.agencies[0].code,
    name: '另一个名字',
    certificates: [],
  };
  if (renamed.agencyCode === errors.technicians[25].agencyCode) {
    renamed.agencyCode = errors.agencies[5].code;
  }
  errors.technicians.push(renamed);
  problems.push({
    sheet: '技术人员',
    row: techRow(errors.technicians.length - 1),
    column: '姓名',
    what: `同一身份证号码在第 ${techRow(25)} 行的姓名不同`,
  });
  return { clean, errors, notes, problems };
}

async function main(): Promise<void> {
  const dir = resolve(__dirname, '../samples/roster');
  mkdirSync(dir, { recursive: true });
  const lists = { counties: DEFAULT_COUNTIES, disciplineNames: DEFAULT_DISCIPLINES.map((d) => d.name) };
  const s = sampleRosters();
  writeFileSync(join(dir, 'sample-roster.xlsx'), await buildRosterWorkbook(lists, s.clean));
  writeFileSync(join(dir, 'sample-roster-errors.xlsx'), await buildRosterWorkbook(lists, s.errors));
  const readme = [
    '# 示例名册（虚构）',
    '',
    '供新同事试跑一个完整批次：导入 → 处理冲突 → 冻结名册 → 抽取 → 下载抽取记录并验证。所有机构和人员均为虚构，',
    '统一社会信用代码（GB 32100）与身份证号码（GB 11643）的校验位按标准计算，但不对应任何真实的机构或个人。',
    '本目录由 `node -r @swc-node/register scripts/make-sample-roster.ts` 生成，请勿手工修改。',
    '',
    '## sample-roster.xlsx：可以导入，但有几处需要处理的情况',
    '',
    ...s.notes.map((n) => `- ${n}`),
    '',
    '## sample-roster-errors.xlsx：故意包含导入错误',
    '',
    '导入是“全部或全不”：下列任何一处错误都会使整个文件被拒绝，系统逐条列出工作表、行、列和原因，一条数据也不写入。',
    '',
    '| 工作表 | 行 | 列 | 故意的问题 |',
    '| --- | --- | --- | --- |',
    ...s.problems.map((p) => `| ${p.sheet} | ${p.row} | ${p.column} | ${p.what} |`),
    '',
    '## 试跑步骤（管理员）',
    '',
    '1. `POST /api/roster/import`，body `{"file": "<sample-roster.xlsx 的 base64>"}`：返回的 `conflicts` 中有 1 人。',
    '2. `POST /api/campaigns` 创建批次；`POST /api/campaigns/:id/freeze` 会因冲突被拒绝（409）。',
    '3. `POST /api/roster/conflicts/resolve`（`technicianId` 与 `reason`）处理冲突，或在冻结时填写 `conflictOverrideReason`。',
    '4. 冻结后公布 `rosterHash` 与 `commitment`（`GET /api/public/campaigns/:id`）。',
    '5. `POST /api/campaigns/:id/draw`，`entropy` 填写现场摇出的数字等公开随机数。',
    '6. 下载 `GET /api/public/campaigns/:id/draw-record`，运行 `npm run draw:verify -- draw-record.json`，应输出 `OK`。',
    '',
    '抽取方法详见 `docs/draw.md`。',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'README.md'), readme);
  process.stdout.write(`wrote ${dir}/sample-roster.xlsx, sample-roster-errors.xlsx and README.md\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
