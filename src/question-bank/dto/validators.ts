import { ValidateBy, ValidationOptions } from 'class-validator';

/** A key: true/false, one letter A–E, or a list of letters A–E (the detailed rules are the bank's). */
export function IsAnswerValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isAnswerValue',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'boolean' ||
          (typeof v === 'string' && /^[A-E]$/.test(v)) ||
          (Array.isArray(v) && v.length <= 5 && v.every((x) => typeof x === 'string' && /^[A-E]$/.test(x))),
        defaultMessage: () => 'answer 须为 true/false、一个字母（A–E）或字母列表',
      },
    },
    options,
  );
}

/** Options as label (A–E) → non-empty text. */
export function IsOptionMap(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isOptionMap',
      validator: {
        validate: (v: unknown) =>
          typeof v === 'object' &&
          v !== null &&
          !Array.isArray(v) &&
          Object.entries(v).every(
            ([k, t]) => /^[A-E]$/.test(k) && typeof t === 'string' && t.trim().length > 0 && t.length <= 500,
          ),
        defaultMessage: () => 'options 须为 A–E 到选项文字的映射',
      },
    },
    options,
  );
}
