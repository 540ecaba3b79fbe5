/**
 * 逾期未报送相关资料的，视为主动放弃等级评定 (六（一）): once the self-assessment stage has ended (China calendar
 * day after its last day), an agency still being rated that submitted nothing and was not excused gives up.
 */
export function givenUp<
  A extends { status: string; selfAssessedAt: Date | null; excuseReason: string | null },
>(agencies: readonly A[], stageEnd: string, today: string): A[] {
  if (today <= stageEnd) {
    return [];
  }
  return agencies.filter((a) => a.status === 'rating' && a.selfAssessedAt === null && !a.excuseReason);
}
