import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthUser } from './auth-user';

export const IS_PUBLIC = 'auth:public';

/** The route needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The verified caller of this request. */
export const Auth = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!request.user) throw new Error('@Auth() used on a public route');
  return request.user;
});
