/** The validated SessionsSettings (see sessions.settings.ts). */
export const SESSIONS_SETTINGS = Symbol('SESSIONS_SETTINGS');
