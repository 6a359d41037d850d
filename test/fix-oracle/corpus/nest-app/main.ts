import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableCors({
    origin: ['https://app.acme.io/', 'http://localhost:4200', 'https://api.acme.io, https://web.acme.io'],
    credentials: true,
  });
  await app.listen(3000);
}
bootstrap();
