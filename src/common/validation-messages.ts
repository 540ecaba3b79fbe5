import { BadRequestException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

/**
 * Field names as the forms call them. A message that reaches a person names the field this way, never by
 * its property name ("displayName must be longer than…" was what users met).
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: '名称',
  displayName: '显示名称',
  username: '用户名',
  password: '密码',
  newPassword: '新密码',
  currentPassword: '当前密码',
  role: '角色',
  active: '启用状态',
  reason: '原因',
  note: '说明',
  comment: '意见',
  evidence: '证明材料',
  year: '年度',
  ratio: '抽考比例',
  fullTimeOnly: '仅专职人员',
  algorithm: '抽取算法',
  entropy: '公开随机数',
  examDate: '考试日期',
  discipline: '专业',
  disciplines: '专业',
  status: '状态',
  type: '题型',
  stem: '题干',
  options: '选项',
  answer: '答案',
  key: '答案',
  source: '依据',
  sourceKey: '依据文件',
  article: '条款',
  basis: '依据原文',
  explanation: '解析',
  difficulty: '难度',
  technicianId: '技术人员',
  campaignId: '批次',
  sittingId: '场次',
  agencyId: '机构',
  ticketNumber: '准考证号',
  idNumber: '身份证号码',
  accessCode: '入场码',
  location: '地点',
  windowStart: '开始时间',
  windowEnd: '结束时间',
  durationSeconds: '答题时长',
  lateEntrySeconds: '迟到入场时限',
  capacity: '容量',
  proctorIds: '监考员',
  totalPoints: '总分',
  durationMinutes: '答题时长',
  sections: '题型设置',
  commonPoints: '通用部分分值',
  disciplinePoints: '专业部分分值',
  sourceMinimums: '来源最低分值',
  targetDifficulty: '目标难度',
  difficultyTolerance: '难度容差',
  multipleRule: '多选计分规则',
  passMark: '及格分',
  minPoints: '最低分值',
  count: '题数',
  pointsEach: '每题分值',
  articleFrom: '起始条款',
  articleTo: '截止条款',
  content: '内容',
  contact: '联系方式',
  target: '对象',
  outcome: '处理结论',
  receiptCode: '受理码',
  fileName: '文件名',
  file: '文件',
  contentBase64: '文件内容',
  examAddress: '考试地址',
  page: '页码',
  pageSize: '每页条数',
  holidays: '节假日',
  workdays: '调休上班日',
  objectionInstructions: '异议说明',
  changeNote: '更正说明',
  decision: '审核结论',
  mode: '方式',
  sittings: '场次',
  fillToCapacity: '安排到满',
  kind: '类别',
  agencyIds: '机构',
  technicianIds: '技术人员',
};

/** The Chinese name of a property, or the property itself when the forms have no name for it. */
export function fieldLabel(property: string): string {
  return FIELD_LABELS[property] ?? property;
}

const HAN = /[\u4e00-\u9fff]/;

/**
 * One constraint's message in Chinese. A DTO's own Chinese message is kept, with a leading English property name
 * ("ratio 须为…", "answer：请填写…") replaced by the field's label; class-validator's English defaults are
 * replaced by a Chinese sentence naming the field.
 */
export function chineseMessage(
  property: string,
  constraint: string,
  message: string,
  label = fieldLabel(property),
): string {
  if (HAN.test(message)) {
    const lead = new RegExp(`^${property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\s:：])\\s*[:：]?\\s*`);
    return lead.test(message) ? `${label}：${message.replace(lead, '')}` : message;
  }
  const n = (re: RegExp): string | undefined => message.match(re)?.[1];
  switch (constraint) {
    case 'whitelistValidation':
      return `不认识的字段：${property}`;
    case 'isDefined':
    case 'isNotEmpty':
      return `请填写${label}`;
    case 'isString':
      return `${label}须为文字`;
    case 'isInt':
      return `${label}须为整数`;
    case 'isNumber':
    case 'isNumberString':
      return `${label}须为数字`;
    case 'isBoolean':
      return `${label}须为是或否`;
    case 'isArray':
      return `${label}须为列表`;
    case 'isIn':
    case 'isEnum':
      return `${label}的取值不在允许范围内`;
    case 'min':
      return `${label}不能小于 ${n(/not be less than (-?[\d.]+)/) ?? ''}`.trim();
    case 'max':
      return `${label}不能大于 ${n(/not be greater than (-?[\d.]+)/) ?? ''}`.trim();
    case 'minLength':
      return `${label}至少 ${n(/longer than or equal to (\d+)/) ?? ''} 个字符`;
    case 'maxLength':
      return `${label}最多 ${n(/shorter than or equal to (\d+)/) ?? ''} 个字符`;
    case 'isLength': {
      const lo = n(/longer than or equal to (\d+)/);
      const hi = n(/shorter than or equal to (\d+)/);
      return lo ? `${label}至少 ${lo} 个字符` : hi ? `${label}最多 ${hi} 个字符` : `${label}的长度不符合要求`;
    }
    case 'arrayMinSize':
      return `${label}至少 ${n(/at least (\d+)/) ?? ''} 项`;
    case 'arrayMaxSize':
      return `${label}最多 ${n(/more than (\d+)/) ?? ''} 项`;
    case 'arrayNotEmpty':
      return `${label}不能为空`;
    case 'isISO8601':
    case 'isDateString':
    case 'isDate':
      return `${label}须为有效的日期或时间`;
    case 'matches':
      return `${label}的格式不正确`;
    case 'nestedValidation':
      return `${label}的内容有误`;
    default:
      return `${label}有误`;
  }
}

/**
 * Every message of a validation error tree. Nested properties are named by their place, as a person reads it:
 * "题型设置第 2 项的题数不能小于 0".
 */
export function validationMessages(errors: readonly ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const index = /^\d+$/.test(e.property) ? Number(e.property) : null;
    const own = index !== null ? `第 ${index + 1} 项` : fieldLabel(e.property);
    const label = parent ? (index !== null ? `${parent}${own}` : `${parent}的${own}`) : own;
    for (const [constraint, message] of Object.entries(e.constraints ?? {})) {
      out.push(chineseMessage(e.property, constraint, message, label));
    }
    if (e.children?.length) {
      out.push(...validationMessages(e.children, label));
    }
  }
  return out;
}

/** The ValidationPipe's exceptionFactory: a 400 whose messages are Chinese and name the fields as forms do. */
export function validationException(errors: ValidationError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: validationMessages(errors),
  });
}
