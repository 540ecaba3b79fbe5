/**
 * Domain invariants broken by a request ("attempt already submitted"). The global filter maps each kind to
 * its HTTP status; the message is for people (Chinese in the UI).
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | number) {
    super(`${what}不存在：${id}`, 'not_found');
  }
}

/** The state of the thing forbids the act (409). */
export class ConflictError extends DomainError {
  constructor(message: string, code = 'conflict', details?: unknown) {
    super(message, code, details);
  }
}

/** The actor may not touch this resource (403). */
export class OwnershipError extends DomainError {
  constructor(message = '无权访问该资源') {
    super(message, 'forbidden');
  }
}

/** The input is well-formed but breaks a rule (422), e.g. an import with bad rows. */
export class RuleViolationError extends DomainError {
  constructor(message: string, code = 'rule_violation', details?: unknown) {
    super(message, code, details);
  }
}
