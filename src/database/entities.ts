import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditHead } from '../audit/audit-head.entity';
import { User } from '../auth/user.entity';

/** Every entity of the application; the CLI data source, the app and the tests share this list. */
export const entities = [User, AuditEntry, AuditHead];
