import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Max, Min, ValidateNested, validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { chineseMessage, validationMessages } from './validation-messages';

class Section {
  @IsInt() @Min(0) count!: number;
}
class Form {
  @IsString() @Length(1, 32) displayName!: string;
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsIn(['upheld', 'rejected'], { message: 'outcome：须为 upheld 或 rejected' }) outcome!: string;
  @ValidateNested({ each: true }) @Type(() => Section) sections!: Section[];
}

describe('validation messages in Chinese', () => {
  it('names each field as the form does, for class-validator defaults and for nested entries', () => {
    const errors = validateSync(
      plainToInstance(Form, {
        displayName: '',
        year: 1999,
        outcome: 'x',
        sections: [{ count: 1 }, { count: -1 }],
      }),
    );
    expect(validationMessages(errors)).toEqual([
      '显示名称至少 1 个字符',
      '年度不能小于 2000',
      '处理结论：须为 upheld 或 rejected',
      '题型设置第 2 项的题数不能小于 0',
    ]);
  });

  it('keeps a Chinese message and replaces its leading property name, or says what an unknown field is', () => {
    expect(chineseMessage('ratio', 'matches', 'ratio 须为 0.5 到 1 之间的小数')).toBe(
      '抽考比例：须为 0.5 到 1 之间的小数',
    );
    expect(chineseMessage('entropy', 'isString', '请填写公开随机数')).toBe('请填写公开随机数');
    expect(chineseMessage('foo', 'whitelistValidation', 'property foo should not exist')).toBe(
      '不认识的字段：foo',
    );
    expect(chineseMessage('password', 'isString', 'password must be a string')).toBe('密码须为文字');
    // A path that starts with the property is not a leading name.
    expect(chineseMessage('details', 'x', 'details.html 不是“blur”事件的字段')).toBe(
      'details.html 不是“blur”事件的字段',
    );
  });
});
