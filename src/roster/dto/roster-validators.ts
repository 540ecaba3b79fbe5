import { registerDecorator, ValidationOptions } from 'class-validator';
import { DEFAULT_DISCIPLINES } from '../../config/disciplines';
import { describeIdNumberProblem, idNumberProblem } from '../id-number';
import { describeUsccProblem, usccProblem } from '../uscc';

/** A 统一社会信用代码 with a valid GB 32100 check character (upper case). */
export function IsUscc(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && usccProblem(v) === null,
        defaultMessage: (a) => {
          const v = a?.value;
          const p = typeof v === 'string' ? usccProblem(v) : 'length';
          return `${a?.property}：${describeUsccProblem(p ?? 'check')}`;
        },
      },
    });
}

/** A 居民身份证号码 with a valid birth date and GB 11643 check character (upper-case X). */
export function IsIdNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIdNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && idNumberProblem(v) === null,
        defaultMessage: (a) => {
          const v = a?.value;
          const p = typeof v === 'string' ? idNumberProblem(v) : 'format';
          return `${a?.property}：${describeIdNumberProblem(p ?? 'check')}`;
        },
      },
    });
}

export const DISCIPLINE_CODES = DEFAULT_DISCIPLINES.map((d) => d.code);

/** Upper-cases a string input (codes, the X of an ID number) before validation. */
export const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** Trims a string input. */
export const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** "true"/"false" in a query string. */
export const queryBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
