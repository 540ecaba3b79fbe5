import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

export type MessageCheck<T> = { ok: true; value: T } | { ok: false; message: string };

function firstConstraint(errors: ValidationError[]): string | null {
  for (const e of errors) {
    const c = Object.values(e.constraints ?? {})[0];
    if (c) {
      return c;
    }
    const nested = firstConstraint(e.children ?? []);
    if (nested) {
      return nested;
    }
  }
  return null;
}

/**
 * A socket message checked like an HTTP body by the global ValidationPipe (whitelist, no unknown fields,
 * class-validator rules of the DTO): socket.io hands the handler whatever the client sent, so nothing of it
 * may reach a query unchecked.
 */
export function checkMessage<T extends object>(cls: new () => T, m: unknown): MessageCheck<T> {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) {
    return { ok: false, message: '消息格式不正确：须为对象' };
  }
  const dto = plainToInstance(cls, m);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const e = errors[0];
    return {
      ok: false,
      message: `消息格式不正确：${firstConstraint(errors) ?? `字段 ${e.property} 不正确`}`,
    };
  }
  return { ok: true, value: dto };
}
