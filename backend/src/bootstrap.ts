import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { AppModule, type AppParts } from './app.module.js';
import { HttpExceptionFilter } from './common/http-exception.filter.js';
import { NestPinoLogger } from './common/nest-logger.js';
import type { VigieConfig } from './config/config.schema.js';

/** The exported Next.js workbench (frontend/out), served by the API on the same port. */
export function frontendDir(config: VigieConfig): string | undefined {
  const dir = config.FRONTEND_DIR ?? fileURLToPath(new URL('../../frontend/out', import.meta.url));
  return existsSync(resolve(dir, 'index.html')) ? resolve(dir) : undefined;
}

export function partsForRole(role: VigieConfig['ROLE']): AppParts {
  return { http: role !== 'worker', worker: role !== 'api' };
}

/** Builds the HTTP application (roles `all` and `api`) without listening. */
export async function createHttpApp(
  config: VigieConfig,
  parts = partsForRole(config.ROLE),
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, parts), {
    bodyParser: false,
    logger: new NestPinoLogger(),
  });
  app.use('/api/ingest', express.raw({ type: () => true, limit: config.INGEST_MAX_BODY_BYTES }));
  app.use(express.json({ limit: '10mb' }));
  app.useGlobalFilters(new HttpExceptionFilter());
  app.enableShutdownHooks();
  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Vigie API')
      .setDescription('Ingest, search, detection and incident response for a managed SOC')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, doc, { jsonDocumentUrl: 'api/docs/openapi.json' });
  const ui = frontendDir(config);
  if (ui) app.use(express.static(ui, { extensions: ['html'], index: 'index.html' }));
  return app;
}

/** Starts Vigie in the configured role; resolves once it is serving (or consuming, for workers). */
export async function startVigie(config: VigieConfig): Promise<INestApplication | INestApplicationContext> {
  const parts = partsForRole(config.ROLE);
  if (!parts.http) {
    const ctx = await NestFactory.createApplicationContext(AppModule.forRoot(config, parts), {
      logger: new NestPinoLogger(),
    });
    ctx.enableShutdownHooks();
    return ctx;
  }
  const app = await createHttpApp(config, parts);
  await app.listen(config.PORT, config.HOST);
  return app;
}
