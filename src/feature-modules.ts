import { RosterModule } from './roster/roster.module';
import { SamplingModule } from './sampling/sampling.module';
import { QuestionBankModule } from './question-bank/question-bank.module';
import { PapersModule } from './papers/papers.module';
import { SessionsModule } from './sessions/sessions.module';
import { ExamSettingsModule } from './sessions/exam-settings.module';
import { ProctoringModule } from './proctoring/proctoring.module';
import { ScoringModule } from './scoring/scoring.module';
import { PublicationModule } from './publication/publication.module';
import { RatingModule } from './rating/rating.module';
/**
 * The domain modules, in the direction data flows:
 * roster -> sampling -> papers -> sessions -> scoring -> publication -> rating, with question-bank feeding papers.
 */
export const featureModules = [
  RosterModule,
  SamplingModule,
  QuestionBankModule,
  PapersModule,
  SessionsModule,
  ExamSettingsModule,
  ProctoringModule,
  ScoringModule,
  PublicationModule,
  RatingModule,
];
