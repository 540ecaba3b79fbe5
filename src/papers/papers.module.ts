import { Module } from '@nestjs/common';
import { QuestionBankModule } from '../question-bank/question-bank.module';
import { SamplingModule } from '../sampling/sampling.module';
import { PaperSource } from './paper-source';
import { BlueprintsController, PapersController } from './papers.controller';
import { PapersService } from './papers.service';

/** Blueprints, assembly and frozen papers; provides PaperSource to sessions. */
@Module({
  imports: [QuestionBankModule, SamplingModule],
  controllers: [BlueprintsController, PapersController],
  providers: [PapersService, { provide: PaperSource, useExisting: PapersService }],
  exports: [PapersService, PaperSource],
})
export class PapersModule {}
