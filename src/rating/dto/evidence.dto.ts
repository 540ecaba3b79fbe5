import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { IsBase64Content } from '../../common/base64';

export class AttachEvidenceDto {
  @ApiProperty({ example: '办公场所照片.jpg' })
  @IsString({ message: '文件名须为文字' })
  @Length(1, 200, { message: '文件名须为 1–200 个字' })
  fileName!: string;

  @ApiProperty({ description: '文件内容（base64），PDF、PNG 或 JPEG，不超过 4 MB' })
  @IsString({ message: '请选择证据文件' })
  // 4 MB of bytes is about 5.6 M base64 characters; a little room for line breaks.
  @MaxLength(5_600_000, { message: '证据文件过大，上限 4 MB' })
  @IsBase64Content({ message: '文件内容须为 base64' })
  contentBase64!: string;
}
