/**
 * The 100-point sheet of 临应急发〔2022〕40号 附件1 (临沂安全生产技术服务机构分类等级管理检查表) as data.
 *
 * Points are hundredths (400 = 4 points) like the rest of the platform, so sums and means stay exact.
 * A rating round freezes a copy of the sheet (with its `version`) when it is created: changing this file never
 * rewrites a past round.
 *
 * Each deduction rule quotes its clause of 附件1:
 * - `per-occurrence`: `points` for each occurrence (每处/每名/每项/每次), the entry's count says how many;
 * - `once`: `points` once for the item (or, in 工作实绩, once per inspected service object), however many entries
 *   record it (two experts noting the same failure deduct once);
 * - `zero`: the item scores 0 (不得分).
 * Every item's deductions stop at `cap` (扣满 N 分为止; where 附件1 names no cap, the item's own points, since an
 * item never goes below 0).
 */

export type RatingPart = 'basic' | 'reports' | 'performance' | 'exam' | 'survey';

export type DeductionKind = 'per-occurrence' | 'once' | 'zero';

export interface DeductionRule {
  /** Stable code, unique within the item (`2.certified`). */
  code: string;
  kind: DeductionKind;
  /** Hundredths per occurrence (`per-occurrence`), for the item (`once`); 0 for `zero`. */
  points: number;
  /** The clause of 附件1 the rule applies. */
  text: string;
}

/** How an item's score is established. */
export type ItemSource = 'agency' | 'service-object' | 'exam' | 'survey';

export interface SheetItem {
  /** 序号 1–20. */
  no: number;
  part: RatingPart;
  /** 评定内容. */
  content: string;
  /** 标准得分, hundredths. */
  max: number;
  /** 评定标准, as printed. */
  standard: string;
  source: ItemSource;
  rules: DeductionRule[];
  /** Deductions stop here (扣满 N 分为止), hundredths; never above `max`. */
  cap: number;
}

export interface PartDef {
  part: RatingPart;
  name: string;
  max: number;
}

export const PART_DEFS: readonly PartDef[] = [
  { part: 'basic', name: '基础管理', max: 2000 },
  { part: 'reports', name: '技术服务报告评查', max: 2000 },
  { part: 'performance', name: '工作实绩', max: 3000 },
  { part: 'exam', name: '技术人员抽考', max: 2000 },
  { part: 'survey', name: '满意度测评', max: 1000 },
];

export type Grade = 'excellent' | 'good' | 'fair' | 'poor';

export function gradeName(g: Grade): string {
  switch (g) {
    case 'excellent':
      return '优秀';
    case 'good':
      return '良好';
    case 'fair':
      return '一般';
    case 'poor':
      return '差';
  }
}

/** 三（六）2: any one of these makes the grade 差 whatever the points. */
export type VetoCode =
  'administrative-penalty' | 'illicit-means' | 'false-report' | 'non-cooperation' | 'serious-dishonesty';

export const VETO_CODES: readonly VetoCode[] = [
  'administrative-penalty',
  'illicit-means',
  'false-report',
  'non-cooperation',
  'serious-dishonesty',
];

export function vetoText(v: VetoCode): string {
  switch (v) {
    case 'administrative-penalty':
      return '评审期间发现存在违法违规行为，被行政处罚的';
    case 'illicit-means':
      return '采用欺诈、胁迫、贿赂、串通等非法手段承揽业务的';
    case 'false-report':
      return '出具虚假报告或其它证明文件的';
    case 'non-cooperation':
      return '不配合信用评价，不提供评价资料的';
    case 'serious-dishonesty':
      return '其它被认定为严重失信行为的';
  }
}

/** 附件4: five criteria, 2 points each. */
export type SurveyCriterion = 'compliance' | 'quality' | 'fees' | 'ethics' | 'competition';

export const SURVEY_CRITERIA: readonly { code: SurveyCriterion; name: string; max: number }[] = [
  { code: 'compliance', name: '合规执业', max: 200 },
  { code: 'quality', name: '服务质量', max: 200 },
  { code: 'fees', name: '规范收费', max: 200 },
  { code: 'ethics', name: '职业道德', max: 200 },
  { code: 'competition', name: '公平竞争', max: 200 },
];

export interface GradeBand {
  grade: Grade;
  /** Lowest total (hundredths) of the band, inclusive. */
  min: number;
}

/** The rules a round freezes. */
export interface RatingRules {
  version: string;
  items: SheetItem[];
  parts: PartDef[];
  /** Highest first. */
  bands: GradeBand[];
  /** 累计加分分值不超过 10 分. */
  bonusCap: number;
  /** The total used for the grade and published: min(sheet + bonus, totalCap). */
  totalCap: number;
  /** The published wording of the rules the code implements (rounding, cap, averaging). */
  published: string[];
}

const pe = (code: string, points: number, text: string): DeductionRule => ({
  code,
  kind: 'per-occurrence',
  points,
  text,
});
const once = (code: string, points: number, text: string): DeductionRule => ({
  code,
  kind: 'once',
  points,
  text,
});
const zero = (code: string, text: string): DeductionRule => ({ code, kind: 'zero', points: 0, text });

const REPORTS = '安全评价报告、现场检测报告、标准化评审报告、其他技术服务等报告质量';
const ON_SITE = '现场核实服务对象安全管理情况';

const ITEMS: SheetItem[] = [
  {
    no: 1,
    part: 'basic',
    content: '有固定办公场所，有会议室、培训室、档案室等设施设备',
    max: 400,
    standard: '固定办公场所少于 200 平方米的，扣 2 分；无相应设施设备的，扣 2 分。',
    source: 'agency',
    cap: 400,
    rules: [
      once('1.office-area', 200, '固定办公场所少于 200 平方米的，扣 2 分'),
      once('1.facilities', 200, '无相应设施设备的，扣 2 分'),
    ],
  },
  {
    no: 2,
    part: 'basic',
    content: '配备专职技术服务人员',
    max: 400,
    standard:
      '专职安全生产技术服务人员少于 10 名的，扣 2 分；其中注册安全工程师、安全评价师少于 8 名的，或其他中级以上职称少于 5 名的，每少 1 名扣 1 分。',
    source: 'agency',
    cap: 400,
    rules: [
      once('2.full-time', 200, '专职安全生产技术服务人员少于 10 名的，扣 2 分'),
      pe('2.certified', 100, '注册安全工程师、安全评价师少于 8 名的，每少 1 名扣 1 分'),
      pe('2.mid-title', 100, '其他中级以上职称少于 5 名的，每少 1 名扣 1 分'),
    ],
  },
  {
    no: 3,
    part: 'basic',
    content: '建立健全管理制度，包括从业守则、培训考核、保密管理、工作流程、质量控制、档案管理等制度。',
    max: 400,
    standard: '少一项扣 1 分，扣满 4 分为止。',
    source: 'agency',
    cap: 400,
    rules: [pe('3.missing-system', 100, '管理制度少一项扣 1 分')],
  },
  {
    no: 4,
    part: 'basic',
    content: '完善基础档案，确保一个服务对象一份档案；档案做到专人保管，按规定年限保存',
    max: 400,
    standard: '未落实专人负责档案保管的，扣 1 分。发现一个服务对象基础档案不完整的，扣 1 分，扣满 4 分为止。',
    source: 'agency',
    cap: 400,
    rules: [
      once('4.keeper', 100, '未落实专人负责档案保管的，扣 1 分'),
      pe('4.incomplete-file', 100, '发现一个服务对象基础档案不完整的，扣 1 分'),
    ],
  },
  {
    no: 5,
    part: 'basic',
    content: '收费符合法律规定，公开相关信息，与服务对象签订技术服务合同',
    max: 400,
    standard: '发现一处违反相关规定收费的，扣 1 分，没有签订技术服务合同，每处扣 1 分，扣满 4 分为止。',
    source: 'agency',
    cap: 400,
    rules: [
      pe('5.fee', 100, '发现一处违反相关规定收费的，扣 1 分'),
      pe('5.no-contract', 100, '没有签订技术服务合同，每处扣 1 分'),
    ],
  },
  {
    no: 6,
    part: 'reports',
    content: REPORTS,
    max: 500,
    standard:
      '发现一名技术服务人员不具备从业资格的，存在安全评价人员违规出借出租资格证书、持假证上岗的现象。人员不到现场，存在冒用他人名义或者允许他人冒用本人名义在报告和原始记录中签名的情况。一名人员工作量不符实际需要的，扣 1 分，扣满 5 分为止。',
    source: 'agency',
    cap: 500,
    rules: [
      pe('6.unqualified', 100, '发现一名技术服务人员不具备从业资格的，扣 1 分'),
      pe('6.certificate', 100, '安全评价人员违规出借出租资格证书、持假证上岗的，每名扣 1 分'),
      pe(
        '6.absent-or-signature',
        100,
        '人员不到现场，冒用他人名义或者允许他人冒用本人名义签名的，每名扣 1 分',
      ),
      pe('6.workload', 100, '一名人员工作量不符实际需要的，扣 1 分'),
    ],
  },
  {
    no: 7,
    part: 'reports',
    content: REPORTS,
    max: 500,
    standard:
      '是否存在出租、出借资质，或者超出资质证书规定的业务范围开展法定安全评价项目等情况。报告格式不符合要求不得分。',
    source: 'agency',
    cap: 500,
    rules: [
      zero('7.qualification', '出租、出借资质，或者超出资质证书规定的业务范围开展法定安全评价项目的，不得分'),
      zero('7.format', '报告格式不符合要求不得分'),
    ],
  },
  {
    no: 8,
    part: 'reports',
    content: REPORTS,
    max: 500,
    standard: '报告依据法律法规、标准规范不正确不得分。',
    source: 'agency',
    cap: 500,
    rules: [zero('8.basis', '报告依据法律法规、标准规范不正确不得分')],
  },
  {
    no: 9,
    part: 'reports',
    content: REPORTS,
    max: 500,
    standard: '报告内容不全面，有简化程序、有弄虚作假成分的，不得分。',
    source: 'agency',
    cap: 500,
    rules: [zero('9.content', '报告内容不全面，有简化程序、有弄虚作假成分的，不得分')],
  },
  {
    no: 10,
    part: 'performance',
    content: ON_SITE,
    max: 400,
    standard: '主要负责人、安全管理人员、特种作业人员无证上岗的，每发现一人扣 1 分。',
    source: 'service-object',
    cap: 400,
    rules: [pe('10.unlicensed', 100, '主要负责人、安全管理人员、特种作业人员无证上岗的，每发现一人扣 1 分')],
  },
  {
    no: 11,
    part: 'performance',
    content: ON_SITE,
    max: 200,
    standard: '未按规定制定应急预案并开展演练的，扣 2 分',
    source: 'service-object',
    cap: 200,
    rules: [once('11.emergency-plan', 200, '未按规定制定应急预案并开展演练的，扣 2 分')],
  },
  {
    no: 12,
    part: 'performance',
    content: ON_SITE,
    max: 1000,
    standard:
      '安全隐患排查治理台帐记录不规范，扣 2 分；较长时间，未发现安全隐患，隐患排查记录明显流于形式的，扣 2 分。现场安全管理混乱，安全隐患众多，发现 10 条及以上的安全隐患，未提出整改意见的，扣 8 分；存在重大生产安全事故隐患，未提出整改意见的，扣 8 分。',
    source: 'service-object',
    cap: 1000,
    rules: [
      once('12.ledger', 200, '安全隐患排查治理台帐记录不规范，扣 2 分'),
      once('12.formality', 200, '较长时间，未发现安全隐患，隐患排查记录明显流于形式的，扣 2 分'),
      once('12.many-hazards', 800, '现场安全管理混乱，发现 10 条及以上的安全隐患，未提出整改意见的，扣 8 分'),
      once('12.major-hazard', 800, '存在重大生产安全事故隐患，未提出整改意见的，扣 8 分'),
    ],
  },
  {
    no: 13,
    part: 'performance',
    content: ON_SITE,
    max: 200,
    standard: '安全生产责任书、规章制度、操作规程存在与现行国家法律法规、行业标准要求不相符的，每项扣 1 分。',
    source: 'service-object',
    cap: 200,
    rules: [
      pe(
        '13.nonconforming',
        100,
        '安全生产责任书、规章制度、操作规程与现行法律法规、行业标准不相符的，每项扣 1 分',
      ),
    ],
  },
  {
    no: 14,
    part: 'performance',
    content: ON_SITE,
    max: 200,
    standard: '服务对象中三年内发生生产安全死亡事故的，扣 2 分。',
    source: 'service-object',
    cap: 200,
    rules: [once('14.fatal-accident', 200, '服务对象中三年内发生生产安全死亡事故的，扣 2 分')],
  },
  {
    no: 15,
    part: 'performance',
    content: ON_SITE,
    max: 400,
    standard: '危险作业管理不到位，每发现一处扣 2 分。',
    source: 'service-object',
    cap: 400,
    rules: [pe('15.dangerous-work', 200, '危险作业管理不到位，每发现一处扣 2 分')],
  },
  {
    no: 16,
    part: 'performance',
    content: ON_SITE,
    max: 200,
    standard: '未建立健全安全生产责任制，安全生产责任书针对性不强，存在通用现象的，扣 2 分。',
    source: 'service-object',
    cap: 200,
    rules: [
      once(
        '16.responsibility',
        200,
        '未建立健全安全生产责任制，安全生产责任书针对性不强，存在通用现象的，扣 2 分',
      ),
    ],
  },
  {
    no: 17,
    part: 'performance',
    content: ON_SITE,
    max: 200,
    standard: '安全生产规章制度、操作规程缺少针对性，存在通用现象的，扣 2 分。',
    source: 'service-object',
    cap: 200,
    rules: [once('17.generic-rules', 200, '安全生产规章制度、操作规程缺少针对性，存在通用现象的，扣 2 分')],
  },
  {
    no: 18,
    part: 'performance',
    content: ON_SITE,
    max: 200,
    standard: '安全教育不符合要求，一岗一卡内容不熟悉的每次扣 1 分。',
    source: 'service-object',
    cap: 200,
    rules: [pe('18.training', 100, '安全教育不符合要求，一岗一卡内容不熟悉的每次扣 1 分')],
  },
  {
    no: 19,
    part: 'exam',
    content: '对专业技术人员进行业务能力测试',
    max: 2000,
    standard: '按照不低于技术服务机构专业技术人员总数 50%的比例进行抽考，成绩按照百分制换算后取平均分。',
    source: 'exam',
    cap: 2000,
    rules: [],
  },
  {
    no: 20,
    part: 'survey',
    content: '服务质量、服务态度等综合评价',
    max: 1000,
    standard: '由县区、乡镇级应急管理部门和有关服务对象进行测评，取平均分。',
    source: 'survey',
    cap: 1000,
    rules: [],
  },
];

/** The sheet of 临应急发〔2022〕40号 as shipped; a round freezes a copy. */
export const LINYI_2022_40: RatingRules = {
  version: 'linyi-2022-40/1',
  items: ITEMS,
  parts: [...PART_DEFS],
  bands: [
    { grade: 'excellent', min: 9000 },
    { grade: 'good', min: 8000 },
    { grade: 'fair', min: 7000 },
    { grade: 'poor', min: 0 },
  ],
  bonusCap: 1000,
  totalCap: 10000,
  published: [
    '评定总分 = 检查表得分（基础管理、技术服务报告评查、工作实绩、技术人员抽考、满意度测评五部分之和，满分 100 分）+ 加分；加分累计不超过 10 分。',
    '评定总分以 100 分为上限，等级按评定总分确定；检查表得分与加分分列公示。',
    '各项扣分扣至该项满分为止（扣满即止），单项得分不低于 0 分；“不得分”情形该项得 0 分。',
    '工作实绩按每个现场检查的服务对象逐项评分，取各服务对象工作实绩得分的平均值；满意度测评取全部有效评议表得分的平均值。',
    '各部分得分、平均值均按四舍五入保留两位小数，总分为各部分保留两位小数后之和。',
    '等级：90（含）～100 分为优秀，80（含）～90 分为良好，70（含）～80 分为一般，70 分以下为差；存在三（六）2 所列五种情形之一的，直接评定为差等级。',
    '第 2 项“注册安全工程师、安全评价师少于 8 名”与“其他中级以上职称少于 5 名”分别按每少 1 名扣 1 分计，合计不超过该项 4 分。',
  ],
};

/** The item with number `no` of the rules, or an Error naming it. */
export function itemOf(rules: RatingRules, no: number): SheetItem {
  const item = rules.items.find((i) => i.no === no);
  if (!item) {
    throw new Error(`检查表没有第 ${no} 项`);
  }
  return item;
}
