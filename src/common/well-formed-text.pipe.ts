import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { tooComplexToValidate } from './request-validation.pipe';

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The walk stops this deep; deeper input is refused by the DTOs anyway. */
const MAX_DEPTH = 64;

/**
 * The path of the first string (or key) in `value` that is not well-formed Unicode, or null. Such strings
 * cannot be stored as they are (MariaDB's utf8mb4 and SQLite's UTF-8 replace or reject the lone surrogate),
 * so the text saved would silently differ from the text sent.
 */
export function illFormedTextPath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') {
    return LONE_SURROGATE.test(value) ? path || '(body)' : null;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) {
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = illFormedTextPath(value[i], `${path}[${i}]`, depth + 1);
      if (found) {
        return found;
      }
    }
    return null;
  }
  if (Buffer.isBuffer(value)) {
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const here = path ? `${path}.${k}` : k;
    if (LONE_SURROGATE.test(k)) {
      return here;
    }
    const found = illFormedTextPath(v, here, depth + 1);
    if (found) {
      return found;
    }
  }
  return null;
}

/**
 * Refuses, on every route, a body, query or path parameter holding text that is not well-formed Unicode
 * (an unpaired surrogate such as "\ud800"), with 400 naming the field.
 */
@Injectable()
export class WellFormedTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') {
      return value;
    }
    let path: string | null;
    try {
      path = illFormedTextPath(value, metadata.data ?? '');
    } catch (e) {
      if (e instanceof RangeError) {
        throw tooComplexToValidate();
      }
      throw e;
    }
    if (path !== null) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'ill_formed_text',
        message: `${path}：含有无效的 Unicode 字符（不成对的代理项），请删除后重新输入`,
        field: path,
      });
    }
    return value;
  }
}
