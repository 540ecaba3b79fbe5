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
  // Checked before parsing: a parser that recurses through thousands of levels can exhaust the stack in a way
  // the runtime does not survive (V8 aborts the process instead of throwing), so catching is not enough.
  if (yamlNestingEstimate(text) > MAX_UPLOAD_NESTING) {
    throw tooDeep(file);
  }
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

/** Bank files nest a handful of levels; anything near this is not a bank file. */
export const MAX_UPLOAD_NESTING = 64;

const FLOW_START_AFTER = new Set(['[', '{', ',']);
const INDICATORS = new Set([':', '-', '?']);

/**
 * An upper estimate of how deeply a YAML text nests, without parsing it: per line, the block indentation
 * (with each "- " / "? " marker) plus the depth of open flow collections ([ and {) at that point. Quoted
 * scalars and comments are skipped; a bracket counts only where a flow collection may start, so brackets in
 * ordinary text hardly count.
 * @returns the deepest such sum over the text.
 */
export function yamlNestingEstimate(text: string): number {
  let deepest = 0;
  let flow = 0;
  let quote: '"' | "'" | null = null;
  let lineStart = true;
  let prevSig = ''; // the last character that was not a space on this line ('' at its start)
  let prevSpace = true;
  let lineCol = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      lineStart = true;
      lineCol = 0;
      prevSig = '';
      prevSpace = true;
      continue;
    }
    if (quote) {
      if (quote === '"' && ch === '\\') {
        i++;
      } else if (ch === quote) {
        quote = null;
        prevSig = ch;
        prevSpace = false;
      }
      continue;
    }
    if (lineStart) {
      let col = 0;
      let j = i;
      while (j < text.length) {
        const c = text[j];
        if (c === ' ' || c === '\t') {
          col++;
          j++;
        } else if ((c === '-' || c === '?') && (text[j + 1] === ' ' || text[j + 1] === '\n')) {
          col += 2;
          j += text[j + 1] === ' ' ? 2 : 1;
        } else {
          break;
        }
      }
      lineCol = col;
      deepest = Math.max(deepest, col + flow);
      lineStart = false;
      i = j - 1;
      prevSig = '';
      prevSpace = true;
      continue;
    }
    const tokenStart =
      prevSig === '' || FLOW_START_AFTER.has(prevSig) || (INDICATORS.has(prevSig) && prevSpace);
    if (ch === ' ' || ch === '\t') {
      prevSpace = true;
      continue;
    }
    if (ch === '#' && prevSpace) {
      while (i + 1 < text.length && text[i + 1] !== '\n') {
        i++;
      }
      continue;
    }
    if ((ch === '"' || ch === "'") && tokenStart) {
      quote = ch;
    } else if ((ch === '[' || ch === '{') && tokenStart) {
      flow++;
      deepest = Math.max(deepest, lineCol + flow);
    } else if ((ch === ']' || ch === '}') && flow > 0) {
      flow--;
    }
    prevSig = ch;
    prevSpace = false;
  }
  return deepest;
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
