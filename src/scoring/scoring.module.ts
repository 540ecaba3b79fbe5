import { AbsencesService } from './absences.service';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PapersModule } from '../papers/papers.module';
import { SamplingModule } from '../sampling/sampling.module';
import { AgencyComponentRow } from './agency-component.entity';
import { ComponentsService } from './components.service';
import { FormReliability } from './form-reliability.entity';
import { GradeChange } from './grade-change.entity';
import { Grade } from './grade.entity';
import { GradingListener } from './grading.listener';
import { GradingRepository } from './grading.repository';
import { GradingService } from './grading.service';
import { ItemAnalysisService } from './item-analysis.service';
import { ItemStatistic } from './item-statistic.entity';
import { KeyCorrection } from './key-correction.entity';
import { KeyCorrectionsService } from './key-corrections.service';
import { ResultsService } from './results.service';
import { ScoringExportsService } from './scoring-exports.service';
import { ScoringSetting } from './scoring-setting.entity';
import { ScoringController } from './scoring.controller';

/**
 * Grading (on `attempt.submitted` and on demand), the agencies' 20-point components, item statistics, key
 * corrections and the exports. Reads sessions' attempts and answers and papers' frozen questions; publication
 * builds on ResultsService and ComponentsService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Grade,
      GradeChange,
      KeyCorrection,
      AgencyComponentRow,
      ScoringSetting,
      ItemStatistic,
      FormReliability,
    ]),
    SamplingModule,
    PapersModule,
  ],
  providers: [
    GradingRepository,
    GradingService,
    GradingListener,
    ResultsService,
    ComponentsService,
    KeyCorrectionsService,
    ItemAnalysisService,
    ScoringExportsService,
    AbsencesService,
  ],
  controllers: [ScoringController],
  exports: [GradingService, GradingListener, ResultsService, ComponentsService],
})
export class ScoringModule {}
