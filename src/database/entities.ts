import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditHead } from '../audit/audit-head.entity';
import { User } from '../auth/user.entity';
import { Agency } from '../roster/agency.entity';
import { Technician } from '../roster/technician.entity';
import { CampaignAgency } from '../sampling/campaign-agency.entity';
import { CampaignCommitment } from '../sampling/campaign-commitment.entity';
import { CampaignTechnician } from '../sampling/campaign-technician.entity';
import { Campaign } from '../sampling/campaign.entity';
import { DrawEntry } from '../sampling/draw-entry.entity';
import { Excusal } from '../sampling/excusal.entity';
import { QuestionItemDiscipline } from '../question-bank/entities/question-item-discipline.entity';
import { QuestionItemVersion } from '../question-bank/entities/question-item-version.entity';
import { QuestionItem } from '../question-bank/entities/question-item.entity';
import { QuestionSource } from '../question-bank/entities/question-source.entity';
import { ReviewDecision } from '../question-bank/review/review-decision.entity';
import { ReviewQueueEntry } from '../question-bank/review/review-queue-entry.entity';
import { ReviewSetting } from '../question-bank/review/review-setting.entity';
import { SourceText, SourceTextPart } from '../question-bank/review/source-text.entity';
import { EnemyGroup } from '../question-bank/entities/enemy-group.entity';
import { BankImportState } from '../question-bank/entities/bank-import-state.entity';
import { Blueprint } from '../papers/blueprint.entity';
import { PaperQuestion } from '../papers/paper-question.entity';
import { Paper } from '../papers/paper.entity';
import { ProctoringEvent } from '../proctoring/proctoring-event.entity';
import { CandidateEventRate } from '../proctoring/candidate-event-rate.entity';
import { Answer } from '../sessions/answer.entity';
import { Attempt } from '../sessions/attempt.entity';
import { SittingCandidate } from '../sessions/sitting-candidate.entity';
import { SittingProctor } from '../sessions/sitting-proctor.entity';
import { Sitting } from '../sessions/sitting.entity';
import { ExamSetting } from '../sessions/exam-setting.entity';
import { AgencyComponentRow } from '../scoring/agency-component.entity';
import { FormReliability } from '../scoring/form-reliability.entity';
import { GradeChange } from '../scoring/grade-change.entity';
import { Grade } from '../scoring/grade.entity';
import { ItemStatistic } from '../scoring/item-statistic.entity';
import { KeyCorrection } from '../scoring/key-correction.entity';
import { ScoringSetting } from '../scoring/scoring-setting.entity';
import { RecordedAbsence } from '../scoring/recorded-absence.entity';
import { LookupLogEntry } from '../publication/lookup-log.entity';
import { Objection } from '../publication/objection.entity';
import { PublicationVersion } from '../publication/publication-version.entity';
import { Publication } from '../publication/publication.entity';
import { PublishedAgency } from '../publication/published-agency.entity';
import { PublishedCandidate } from '../publication/published-candidate.entity';
import { YearCalendarRow } from '../publication/year-calendar.entity';
import { DeploymentIdentity } from './deployment-identity.entity';
import { RatingRound } from '../rating/entities/rating-round.entity';
import { RatedAgency } from '../rating/entities/rated-agency.entity';
import { RatingExpert } from '../rating/entities/rating-expert.entity';
import { RatingAssignment } from '../rating/entities/rating-assignment.entity';
import { RatingServiceObject } from '../rating/entities/service-object.entity';
import { RatingDeduction } from '../rating/entities/deduction.entity';
import { SurveyLink, SurveyResponse } from '../rating/entities/survey.entity';
import { RatingBonus, RatingVeto } from '../rating/entities/bonus-veto.entity';
import { ObjectDraw } from '../rating/entities/object-draw.entity';
import { RatingSubmission, RatingSubmissionRow } from '../rating/entities/submission.entity';
import { RatingEvidenceFile, RatingEvidencePart } from '../rating/entities/evidence-file.entity';
import {
  PublishedGrade,
  RatingObjection,
  RatingPublication,
} from '../rating/entities/published-grade.entity';

/** Every entity of the application; the CLI data source, the app and the tests share this list. */
export const entities = [
  User,
  AuditEntry,
  AuditHead,
  Agency,
  Technician,
  Campaign,
  CampaignAgency,
  CampaignTechnician,
  DrawEntry,
  Excusal,
  CampaignCommitment,
  QuestionSource,
  QuestionItem,
  QuestionItemVersion,
  QuestionItemDiscipline,
  ReviewDecision,
  ReviewQueueEntry,
  ReviewSetting,
  SourceText,
  SourceTextPart,
  EnemyGroup,
  BankImportState,
  Blueprint,
  Paper,
  PaperQuestion,
  Sitting,
  SittingProctor,
  ExamSetting,
  SittingCandidate,
  Attempt,
  Answer,
  ProctoringEvent,
  CandidateEventRate,
  Grade,
  GradeChange,
  KeyCorrection,
  AgencyComponentRow,
  ScoringSetting,
  RecordedAbsence,
  ItemStatistic,
  FormReliability,
  Publication,
  PublicationVersion,
  PublishedCandidate,
  PublishedAgency,
  Objection,
  LookupLogEntry,
  YearCalendarRow,
  DeploymentIdentity,
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
];
