import { IsDefined, IsInt, Max, Min, ValidateIf } from 'class-validator';
import type { AnswerValue } from '../../question-bank/question-type';

/**
 * `answer.save` on the candidate's socket. The shape of `response` is checked against the paper afterwards
 * (response.ts); here only that it is present (null clears the answer).
 */
export class SocketSaveAnswerDto {
  @IsInt({ message: 'questionId 须为正整数' })
  @Min(1, { message: 'questionId 须为正整数' })
  @Max(2_147_483_647, { message: 'questionId 超出范围' })
  questionId!: number;

  @ValidateIf((o: SocketSaveAnswerDto) => o.response !== null)
  @IsDefined({ message: 'response 不能缺省（清除作答请传 null）' })
  response!: AnswerValue | null;

  @IsInt({ message: 'revision 须为正整数' })
  @Min(1, { message: 'revision 须为正整数' })
  @Max(2_000_000_000, { message: 'revision 超出范围' })
  revision!: number;
}
