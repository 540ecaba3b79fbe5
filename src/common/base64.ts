import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Whether `text` is standard base64 (RFC 4648 alphabet, padded to a multiple of 4), checked in one pass.
 *
 * class-validator's `@IsBase64` tests a backtracking regular expression over the whole field; on an upload of
 * several megabytes V8 can exhaust its regexp stack there ("Maximum call stack size exceeded"), turning a
 * refusable upload into a 500. This scan uses constant memory whatever the length.
 */
export function isBase64Text(text: string): boolean {
  const n = text.length;
  if (n % 4 !== 0) {
    return false;
  }
  let padding = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */) {
      padding++;
      continue;
    }
    if (padding > 0) {
      return false; // data after padding
    }
    const ok =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 /* + */ || c === 47; /* / */
    if (!ok) {
      return false;
    }
  }
  return padding <= 2 && (padding === 0 || n > padding);
}

/** The DTO decorator for file contents sent as base64 (use it instead of class-validator's `@IsBase64`). */
export function IsBase64Content(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBase64Content',
      validator: {
        validate: (value: unknown): boolean => typeof value === 'string' && isBase64Text(value),
        defaultMessage: () => '$property 须为 base64 编码的文件内容',
      },
    },
    validationOptions,
  );
}
