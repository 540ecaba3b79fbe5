import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  OwnershipError,
  RuleViolationError,
} from './domain-error';

interface ReplyLike {
  status(code: number): ReplyLike;
  send(body: unknown): unknown;
  header(k: string, v: string): ReplyLike;
  getHeaders?(): Record<string, unknown>;
}

/**
 * Seconds until a rate limit lets the caller in again: the throttler sets `Retry-After-<limit>` on the reply
 * before refusing (the longest wins when several limits refused).
 */
export function retryAfterSeconds(headers: Record<string, unknown> | undefined): number | null {
  let best: number | null = null;
  for (const [k, v] of Object.entries(headers ?? {})) {
    const n = Number(v);
    if (/^retry-after/i.test(k) && Number.isFinite(n) && n > 0) {
      best = Math.max(best ?? 0, Math.ceil(n));
    }
  }
  return best;
}

/** The one global filter: domain errors to their status, HTTP errors as they are, anything else a bare 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly log = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<ReplyLike>();
    const req = ctx.getRequest<{ id?: string; method?: string; url?: string }>();
    const { status, body } = this.describe(exception, req.id, reply);
    if (status >= 500) {
      this.log.error(
        { err: exception, requestId: req.id, method: req.method, url: req.url },
        'unhandled error',
      );
    }
    // A route may have set another type for its success (@Header('content-type', 'text/html') on the admission
    // tickets); the error is JSON, and sending an object under text/html would itself fail as a 500.
    reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private describe(
    e: unknown,
    requestId?: string,
    reply?: ReplyLike,
  ): { status: number; body: Record<string, unknown> } {
    if (e instanceof DomainError) {
      return {
        status: statusOf(e),
        body: { statusCode: statusOf(e), code: e.code, message: e.message, details: e.details },
      };
    }
    if (e instanceof ThrottlerException) {
      // Say how long: a candidate locked out by typos, or an office behind one address, can then simply wait.
      const wait = retryAfterSeconds(reply?.getHeaders?.());
      if (wait !== null) {
        reply?.header('retry-after', String(wait));
      }
      return {
        status: 429,
        body: {
          statusCode: 429,
          code: 'rate_limited',
          message: wait !== null ? `请求过于频繁，请 ${waitText(wait)}后再试` : '请求过于频繁，请稍后再试',
          retryAfterSeconds: wait,
        },
      };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const res = e.getResponse();
      const body: Record<string, unknown> =
        typeof res === 'string' ? { statusCode: status, message: res } : { statusCode: status, ...res };
      // Framework refusals (the body limit, malformed JSON, a path id that is not a number) speak English.
      if (typeof body.message === 'string' && !/[\u4e00-\u9fff]/.test(body.message)) {
        body.message = frameworkMessage(status, body.message);
      }
      return { status, body };
    }
    const fastifyStatus = (e as { statusCode?: number }).statusCode;
    if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
      // The HTTP layer's own refusals (body too large, not JSON …) come in English: people read them in Chinese.
      const code = (e as { code?: string }).code;
      return {
        status: fastifyStatus,
        body: { statusCode: fastifyStatus, code, message: transportMessage(fastifyStatus) },
      };
    }
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { statusCode: 500, message: '服务器内部错误', requestId },
    };
  }
}

/**
 * A framework's English refusal in Chinese. Only request-shape refusals are translated; others (e.g. Nest's
 * "Cannot GET …" for an unknown route, which the web app recognises) are left as they are.
 */
export function frameworkMessage(status: number, message: string): string {
  if (/numeric string is expected/i.test(message)) {
    return '路径中的编号须为数字';
  }
  return status === 400 || status === 413 || status === 415 ? transportMessage(status) : message;
}

/** What the HTTP layer refused, in Chinese, by status. */
export function transportMessage(status: number): string {
  switch (status) {
    case 413:
      return '请求内容过大，请缩小文件或分批提交';
    case 415:
      return '不支持的内容类型';
    case 400:
      return '请求格式有误，无法解析';
    default:
      return '请求未被接受';
  }
}

function waitText(seconds: number): string {
  return seconds <= 90 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

function statusOf(e: DomainError): number {
  if (e instanceof NotFoundError) {
    return 404;
  }
  if (e instanceof OwnershipError) {
    return 403;
  }
  if (e instanceof ConflictError) {
    return 409;
  }
  if (e instanceof RuleViolationError) {
    return 422;
  }
  return 400;
}
