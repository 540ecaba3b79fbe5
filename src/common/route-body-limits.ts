/**
 * Routes whose request bodies are small by nature get a body limit far below the global one (20 MB, for
 * imports), so that a client cannot make the server buffer and parse megabytes there. Fastify refuses a
 * larger body with 413 before any handler runs.
 */
export const ROUTE_BODY_LIMITS: Readonly<Record<string, number>> = {
  '/api/exam/login': 4 * 1024,
  '/api/exam/events': 8 * 1024,
};

interface RouteOptionsLike {
  url: string;
  bodyLimit?: number;
}

interface FastifyLike {
  addHook(name: 'onRoute', hook: (route: RouteOptionsLike) => void): unknown;
}

/** Installs the limits; call before the application registers its routes (before init). */
export function limitRouteBodies(fastify: FastifyLike, limits = ROUTE_BODY_LIMITS): void {
  fastify.addHook('onRoute', (route) => {
    const limit = limits[route.url];
    if (limit !== undefined && route.bodyLimit === undefined) {
      route.bodyLimit = limit;
    }
  });
}
