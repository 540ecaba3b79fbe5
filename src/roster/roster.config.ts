import { registerAs } from '@nestjs/config';
import { parseCounties } from './counties';

export interface RosterConfig {
  /** The county/district list offered in the template and accepted by the import. */
  counties: string[];
}

/** Validated when the module starts: a bad ROSTER_COUNTIES stops the start with one line. */
export const rosterConfig = registerAs('roster', (): RosterConfig => ({
  counties: parseCounties(process.env.ROSTER_COUNTIES),
}));
