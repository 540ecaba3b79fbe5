import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ITEM_STATUSES, ItemStatus, QUESTION_TYPES, QuestionType } from '../question-type';
import { DISCIPLINE_TAGS } from './item.dto';

/** Filters shared by the list and the exports. */
export class ItemFilterDto {
  @ApiPropertyOptional({ description: '来源简称，如 安全生产法' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  source?: string;

  @ApiPropertyOptional({ description: '条款，如 第二十一条' })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  article?: string;

  @ApiPropertyOptional({ enum: DISCIPLINE_TAGS })
  @IsOptional()
  @IsIn(DISCIPLINE_TAGS)
  discipline?: string;

  @ApiPropertyOptional({ enum: QUESTION_TYPES })
  @IsOptional()
  @IsIn(QUESTION_TYPES)
  type?: QuestionType;

  @ApiPropertyOptional({ minimum: 1, maximum: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  difficulty?: number;

  @ApiPropertyOptional({ enum: ITEM_STATUSES })
  @IsOptional()
  @IsIn(ITEM_STATUSES)
  status?: ItemStatus;

  @ApiPropertyOptional({ description: '在编号、题干、依据、解析中搜索' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

export class ListItemsQueryDto extends ItemFilterDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  pageSize?: number;
}
