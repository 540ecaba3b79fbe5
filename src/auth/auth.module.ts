import { Global, Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Env } from '../config/env';
import { AuthController, UsersController } from './auth.controller';
import { AuthService } from './auth.service';
import { resolveJwtSecret } from './jwt-secret';
import { StaffAccessService } from './staff-access.service';
import { StaffSocketsGateway } from './staff-sockets.gateway';
import { User } from './user.entity';

/** Global so that the guard (and the socket gateways) can verify tokens anywhere. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Env, true>) => ({
        // A KeyObject made once: given a string, jsonwebtoken would re-import the key on every sign and verify.
        secret: createSecretKey(
          Buffer.from(
            resolveJwtSecret(
              config.get('JWT_SECRET', { infer: true }),
              config.get('SQLITE_PATH', { infer: true }),
            ),
          ),
        ),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [AuthService, StaffAccessService, StaffSocketsGateway],
  controllers: [AuthController, UsersController],
  exports: [AuthService, StaffAccessService, JwtModule],
})
export class AuthModule {}
