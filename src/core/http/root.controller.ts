import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Partner Workspace</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1b1f24}a{color:#2d5bd7}</style>
</head><body>
<h1>Partner Workspace</h1>
<p>This is a self-hosted partner workspace server: a vendor and its channel partners share business plans,
leads, deals, projects, messages and files here, live.</p>
<p>The REST API is documented at <a href="/api/docs">/api/docs</a> (OpenAPI JSON at <a href="/api/docs-json">/api/docs-json</a>).
A new server is set up with <code>POST /api/v1/setup</code>. Service health: <a href="/health">/health</a>.</p>
</body></html>`;

/** Until the web client is built into the server, `/` says what this is. */
@ApiExcludeController()
@Controller()
export class RootController {
  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  root(): string {
    return PAGE;
  }
}
