import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Paths the server answers itself; the web client's history fallback never covers them. */
const SERVER_PATHS = /^\/(api|health|collab|socket\.io)(\/|$)/;

/** The built web client (client/dist), looked up from the source or the compiled file, if it was built. */
export function findClientDist(from = __dirname): string | null {
  let dir = resolve(from);
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'client', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/**
 * Serves the web client at `/` when it has been built: hashed assets cached for good, and index.html for
 * any other page path a browser asks for (the client routes by history), never for the API or sockets.
 * Without a build, `/` keeps the plain page of RootController.
 */
export function serveClient(app: NestExpressApplication, dist = findClientDist()): boolean {
  if (!dist) return false;
  const index = join(dist, 'index.html');
  app.useStaticAssets(join(dist, 'assets'), {
    prefix: '/assets/',
    index: false,
    immutable: true,
    maxAge: '365d',
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (SERVER_PATHS.test(request.path) || !request.accepts('html')) return next();
    if (/\.[a-z0-9]+$/i.test(request.path) && request.path !== '/index.html') return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
  return true;
}
