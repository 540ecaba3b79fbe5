import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import schema from '../../../question-bank/question-bank.schema.json';

/** The JSON Schema of a bank file (question-bank/question-bank.schema.json). */
export const bankSchema = schema;

let compiled: { file: ValidateFunction; item: ValidateFunction; source: ValidateFunction } | null = null;

function validators(): { file: ValidateFunction; item: ValidateFunction; source: ValidateFunction } {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(schema);
    compiled = {
      file: ajv.getSchema('question-bank.schema.json')!,
      item: ajv.compile({ $ref: 'question-bank.schema.json#/definitions/item' }),
      source: ajv.compile({ $ref: 'question-bank.schema.json#/definitions/source' }),
    };
  }
  return compiled;
}

/** A schema violation, located by the path inside the validated value. */
export interface SchemaProblem {
  /** JSON-pointer-like path segments, e.g. ['items', '3', 'answer']. */
  path: string[];
  reason: string;
}

export type SchemaTarget = 'file' | 'item' | 'source';

/** Validates a value against the file, item or source schema; the problems come with Chinese reasons. */
export function checkSchema(target: SchemaTarget, value: unknown): SchemaProblem[] {
  const validate = validators()[target];
  if (validate(value)) {
    return [];
  }
  return describeSchemaErrors(validate.errors ?? []);
}

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: 'true/false',
  array: '列表',
  object: '映射（键: 值）',
};

/** The answer rule of each branch of the item schema's allOf (judge, single, multiple). */
const ANSWER_BY_TYPE: Record<string, string> = {
  '0': '判断题答案须为 true 或 false',
  '1': '单选题答案须为一个字母（A–D）',
  '2': '多选题答案须为字母列表，如 [A, C, D]',
};

/** Turns ajv's errors into one Chinese reason per problem, dropping the noise of if/then and anyOf branches. */
export function describeSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || /\/anyOf\/\d+\//.test(e.schemaPath)) {
      continue;
    }
    const path = e.instancePath.split('/').slice(1).map(unescapePointer);
    const described = describeOne(e, path);
    if (!described) {
      continue;
    }
    const key = `${described.path.join('/')}|${described.reason}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(described);
    }
  }
  return out;
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function describeOne(e: ErrorObject, path: string[]): SchemaProblem | null {
  const last = path[path.length - 1] ?? '';
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      if (p.missingProperty === 'supersededBy' || p.missingProperty === 'supersededFrom') {
        return {
          path: [...path, String(p.missingProperty)],
          reason: '状态为 superseded 或 partially-superseded 时须填写（新规的来源键与施行日期）',
        };
      }
      return { path: [...path, String(p.missingProperty)], reason: '缺少必填字段' };
    case 'additionalProperties':
      return {
        path: [...path, String(p.additionalProperty)],
        reason: last === 'options' ? '选项标签只能是 A–E' : '不允许的字段',
      };
    case 'enum':
      return { path, reason: `须为以下之一：${(p.allowedValues as unknown[]).join(' | ')}` };
    case 'const':
      return { path, reason: `须为 ${String(p.allowedValue)}` };
    case 'type':
      if (last === 'answer' && e.schemaPath.includes('/allOf/')) {
        return {
          path,
          reason: ANSWER_BY_TYPE[/\/allOf\/(\d)\//.exec(e.schemaPath)?.[1] ?? ''] ?? '答案格式不符',
        };
      }
      return { path, reason: `类型应为${TYPE_NAMES[String(p.type)] ?? String(p.type)}` };
    case 'pattern':
      if (last === 'id') {
        return { path, reason: '格式不符：小写字母、数字和连字符，如 wsl-0001' };
      }
      if (
        last === 'versionDate' ||
        last === 'effectiveDate' ||
        last === 'supersededFrom' ||
        last === 'date'
      ) {
        return { path, reason: '须为 YYYY-MM-DD 格式的日期' };
      }
      if (last === 'lawFile') {
        return { path, reason: '须为法规目录中的 .md 文件名（不含目录）' };
      }
      return { path, reason: '不能为空' };
    case 'dependencies':
      return { path: [...path, String(p.missingProperty)], reason: '有 lawFile 时须填写' };
    case 'minLength':
      return { path, reason: '不能为空' };
    case 'maxLength':
      return { path, reason: `过长（最多 ${String(p.limit)} 字）` };
    case 'minItems':
      if (last === 'answer') {
        return { path, reason: '多选题至少要有两个正确选项' };
      }
      return { path, reason: `至少需要 ${String(p.limit)} 项` };
    case 'maxItems':
      return { path, reason: `最多 ${String(p.limit)} 项` };
    case 'uniqueItems':
      return { path, reason: '有重复项' };
    case 'minimum':
    case 'maximum':
      return {
        path,
        reason: last === 'difficulty' ? '难度须为 1–5 的整数' : `超出范围（${e.message ?? ''}）`,
      };
    case 'not':
      if (e.schemaPath.includes('/allOf/0/')) {
        return { path: [...path, 'options'], reason: '判断题不应有选项' };
      }
      return { path: [...path, 'E'], reason: '单选题只有 A–D 四个选项' };
    case 'anyOf':
      if (last === 'answer') {
        return { path, reason: '答案须为 true/false、一个字母（如 B）或字母列表（如 [A, C, D]）' };
      }
      if (last === 'disciplines') {
        return { path, reason: '须为 [common] 或一个或多个专业代码（见 README 的专业代码表）' };
      }
      return { path, reason: '格式不符' };
    default:
      return { path, reason: e.message ?? '格式不符' };
  }
}
