/**
 * The domain modules, in the direction data flows:
 * roster -> sampling -> papers -> sessions -> scoring -> publication, with question-bank feeding papers.
 */
export const featureModules = [];
