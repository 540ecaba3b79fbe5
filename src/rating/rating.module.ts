import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PublicationModule } from '../publication/publication.module';
import { RatingBonus, RatingVeto } from './entities/bonus-veto.entity';
import { RatingDeduction } from './entities/deduction.entity';
import { RatingEvidenceFile, RatingEvidencePart } from './entities/evidence-file.entity';
import { EvidenceFilesController } from './evidence-files.controller';
import { EvidenceFilesService } from './evidence-files.service';
import { ObjectDraw } from './entities/object-draw.entity';
import { RatingSubmission, RatingSubmissionRow } from './entities/submission.entity';
import { PublishedGrade, RatingObjection, RatingPublication } from './entities/published-grade.entity';
import { RatedAgency } from './entities/rated-agency.entity';
import { RatingAssignment } from './entities/rating-assignment.entity';
import { RatingExpert } from './entities/rating-expert.entity';
import { RatingRound } from './entities/rating-round.entity';
import { RatingServiceObject } from './entities/service-object.entity';
import { SurveyLink, SurveyResponse } from './entities/survey.entity';
import { ObjectDrawService } from './object-draw.service';
import { PublicRatingController } from './public-rating.controller';
import { RatingPublicationService } from './rating-publication.service';
import { RatingController } from './rating.controller';
import { RatingService } from './rating.service';
import { SelfAssessmentService } from './self-assessment.service';
import { SurveyService } from './survey.service';

/**
 * The whole agency rating of 临应急发〔2022〕40号 (附件1–4), fed by the exam's finalised publication (item 19).
 * Comes after publication in the data flow: it reads publication, never the other way round.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      RatingRound,
      RatedAgency,
      RatingExpert,
      RatingAssignment,
      RatingServiceObject,
      RatingDeduction,
      SurveyLink,
      SurveyResponse,
      RatingBonus,
      RatingVeto,
      RatingPublication,
      PublishedGrade,
      RatingObjection,
      ObjectDraw,
      RatingSubmission,
      RatingSubmissionRow,
      RatingEvidenceFile,
      RatingEvidencePart,
    ]),
    PublicationModule,
  ],
  providers: [
    RatingService,
    SurveyService,
    RatingPublicationService,
    ObjectDrawService,
    SelfAssessmentService,
    EvidenceFilesService,
  ],
  controllers: [RatingController, PublicRatingController, EvidenceFilesController],
})
export class RatingModule {}
