import { Module } from '@nestjs/common';
import { QuestionBankModule } from '../question-bank/question-bank.module';
import { SamplingModule } from '../sampling/sampling.module';
import { PaperSource } from './paper-source';
import { BlueprintsController, PapersController } from './papers.controller';
import { BlueprintsService } from './blueprints.service';
import { FrozenPaperSource } from './frozen-paper-source';
import { PaperAssemblyService } from './paper-assembly.service';
import { PaperViewsService } from './paper-views.service';

/** Blueprints, assembly and frozen papers; provides PaperSource to sessions. */
@Module({
  imports: [QuestionBankModule, SamplingModule],
  controllers: [BlueprintsController, PapersController],
  providers: [
    BlueprintsService,
    PaperAssemblyService,
    PaperViewsService,
    FrozenPaperSource,
    { provide: PaperSource, useExisting: FrozenPaperSource },
  ],
  exports: [BlueprintsService, PaperAssemblyService, PaperViewsService, FrozenPaperSource, PaperSource],
})
export class PapersModule {}
