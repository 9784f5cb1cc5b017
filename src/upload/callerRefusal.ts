import type { Response } from 'express';
import type { AuthLocals } from '../auth/authenticateRequest';
import { ANONYMOUS } from '../auth/Caller';
import { roleError } from '../auth/requireRole';
import type { Role } from '../auth/roles';
import { UploadError } from './UploadError';

/**
 * Returns the refusal of the request's caller (as `authenticateRequest(auth, false)` left it in
 * `res.locals`), or null when allowed: 401 UNAUTHENTICATED for a bad, expired or foreign token (or none
 * where one is needed), then, when `needed` is given, 401 without a token and 403 FORBIDDEN below that role.
 */
export function callerRefusal(res: Response, needed?: Role): UploadError | null {
  const locals = res.locals as AuthLocals;
  if (locals.authError) {
    return new UploadError(401, 'UNAUTHENTICATED', locals.authError.message, `访问令牌无效或缺失（${locals.authError.message}）。`);
  }
  if (!needed) return null;
  const error = roleError(locals.caller ?? ANONYMOUS, needed, 'importing rosters');
  if (!error) return null;
  if (error.extensions.code === 'FORBIDDEN') {
    return new UploadError(403, 'FORBIDDEN', error.message, `导入名册需要 ${needed} 或更高角色的令牌。`, { requiredRole: needed });
  }
  return new UploadError(401, 'UNAUTHENTICATED', error.message, `导入名册需要访问令牌（Authorization: Bearer …），角色为 ${needed} 或更高。`);
}
