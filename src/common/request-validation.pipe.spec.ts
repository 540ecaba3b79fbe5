import { BadRequestException } from '@nestjs/common';
import { IsString, ValidateBy } from 'class-validator';
import { RequestValidationPipe } from './request-validation.pipe';

class Blows {
  @IsString()
  @ValidateBy({
    name: 'blows',
    validator: {
      validate: (): boolean => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    },
  })
  text!: string;
}

class Plain {
  @IsString()
  text!: string;
}

describe('RequestValidationPipe', () => {
  const pipe = new RequestValidationPipe({ transform: true });

  it('refuses with 400 when a validator exhausts the stack on the input, instead of failing as a 500', async () => {
    const refused = await pipe.transform({ text: 'x' }, { type: 'body', metatype: Blows }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestException);
    expect((refused as BadRequestException).getResponse()).toMatchObject({ code: 'request_too_complex' });
  });

  it('validates as the ValidationPipe does otherwise', async () => {
    await expect(pipe.transform({ text: 'x' }, { type: 'body', metatype: Plain })).resolves.toEqual({ text: 'x' });
    await expect(pipe.transform({ text: 1 }, { type: 'body', metatype: Plain })).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });
});
