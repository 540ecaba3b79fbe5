import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExamAddressService } from './exam-address.service';
import { ExamSetting } from './exam-setting.entity';
import { ExamSettingsController } from './exam-settings.controller';
import { SessionsModule } from './sessions.module';

/** 系统设置 of the exam (the address candidates sign in at); SessionsModule gives EXAM_LOGIN_URL, the default. */
@Module({
  imports: [TypeOrmModule.forFeature([ExamSetting]), SessionsModule],
  providers: [ExamAddressService],
  controllers: [ExamSettingsController],
  exports: [ExamAddressService],
})
export class ExamSettingsModule {}
