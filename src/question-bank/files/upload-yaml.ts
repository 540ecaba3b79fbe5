import { RuleViolationError } from '../../common/domain-error';
import type { BankInput } from './bank-format';
import { parseBankYaml } from './bank-loader';

/**
 * Parses a bank file uploaded by an administrator. Hostile YAML is refused with a reason instead of a 500 or a
 * runtime's own words: an "alias bomb" (anchors expanded into each other until the document is enormous) is
 * stopped by the parser's alias limit, and nesting so deep that the parser runs out of stack is reported as
 * such. Bank files are a few levels deep and use no aliases at all.
 */
export function parseUploadedBankYaml(file: string, text: string): BankInput {
  let input: BankInput;
  try {
    input = parseBankYaml(file, text);
  } catch (err) {
    throw refusalOf(file, err) ?? err;
  }
  const reason = input.parseError?.reason;
  if (reason !== undefined && /call stack/i.test(reason)) {
    throw tooDeep(file);
  }
  return input;
}

function refusalOf(file: string, err: unknown): RuleViolationError | null {
  if (err instanceof ReferenceError && /alias/i.test(err.message)) {
    return new RuleViolationError(
      `${file}：YAML 中的别名（alias，*name）引用过多，展开后体积会成倍膨胀，已拒绝；题库文件无需使用锚点和别名`,
      'yaml_alias_bomb',
      { file },
    );
  }
  if (err instanceof RangeError) {
    return tooDeep(file);
  }
  return null;
}

function tooDeep(file: string): RuleViolationError {
  return new RuleViolationError(
    `${file}：YAML 嵌套层次过深，无法解析；题库文件只有几层（sources、items 及其字段），请检查文件内容`,
    'yaml_too_deep',
    { file },
  );
}
