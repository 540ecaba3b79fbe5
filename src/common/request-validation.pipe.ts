import { ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';

/** The refusal when a request body is too large or too deeply built for the validators themselves. */
export function tooComplexToValidate(): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    code: 'request_too_complex',
    message: '请求内容过大或层次过深，无法校验，请缩小后重新提交',
  });
}

/**
 * The ValidationPipe, except that a validator exhausting the stack on hostile input (a regular expression
 * backtracking over megabytes, a body nested thousands deep) refuses the request with 400 instead of failing it
 * as a 500. The request's data is untouched: nothing has been written when validation runs.
 */
export class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      if (e instanceof RangeError) {
        throw tooComplexToValidate();
      }
      throw e;
    }
  }
}
