import { Foundation1764300000000 } from './1764300000000-foundation';
import { QuestionBank1764300001000 } from './1764300001000-question-bank';
import { Roster1764300002000 } from './1764300002000-roster';
import { Sampling1764300002500 } from './1764300002500-sampling';
import { Papers1764300003000 } from './1764300003000-papers';
import { Sessions1764300004000 } from './1764300004000-sessions';
import { Scoring1764300005000 } from './1764300005000-scoring';
import { Publication1764300005500 } from './1764300005500-publication';
import { KeyedAudit1764300006100 } from './1764300006100-keyed-audit';
import { PublicationAuditHead1764300006110 } from './1764300006110-publication-audit-head';
import { AuditActionIndex1764300006120 } from './1764300006120-audit-action-index';
import { CandidateEventRates1764300006200 } from './1764300006200-candidate-event-rates';
import { Review1764300006600 } from './1764300006600-review';
import { BankCurrency1764300006700 } from './1764300006700-bank-currency';
import { DeploymentIdentity1764300006800 } from './1764300006800-deployment-identity';
import { RecordedAbsences1764300006900 } from './1764300006900-recorded-absences';
import { ObjectionReceipts1764300006950 } from './1764300006950-objection-receipts';
import { CommitmentHistory1764300006400 } from './1764300006400-commitment-history';
import { Rating1764300007000 } from './1764300007000-rating';
import { RatingObjectDraws1764300007010 } from './1764300007010-rating-object-draws';
import { RatingSubmissions1764300007020 } from './1764300007020-rating-submissions';
import { RatingEvidenceFiles1764300007100 } from './1764300007100-rating-evidence-files';
import { SittingClosing1765100001000 } from './1765100001000-sitting-closing';
import { ExamSettings1765100004000 } from './1765100004000-exam-settings';

/** Every migration, in order; the app, the CLI and the tests run this list. */
export const migrations = [
  Foundation1764300000000,
  QuestionBank1764300001000,
  Roster1764300002000,
  Sampling1764300002500,
  Papers1764300003000,
  Sessions1764300004000,
  Scoring1764300005000,
  Publication1764300005500,
  KeyedAudit1764300006100,
  PublicationAuditHead1764300006110,
  AuditActionIndex1764300006120,
  CandidateEventRates1764300006200,
  Review1764300006600,
  BankCurrency1764300006700,
  DeploymentIdentity1764300006800,
  RecordedAbsences1764300006900,
  ObjectionReceipts1764300006950,
  CommitmentHistory1764300006400,
  Rating1764300007000,
  RatingObjectDraws1764300007010,
  RatingSubmissions1764300007020,
  RatingEvidenceFiles1764300007100,
  SittingClosing1765100001000,
  ExamSettings1765100004000,
];
