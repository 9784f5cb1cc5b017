import { SignJWT } from 'jose';
import type { Role } from './roles';

/** What a locally issued token says. */
export interface TokenRequest {
  /** Who the token is for (`sub`), recorded in the audit trail. */
  subject: string;
  role: Role;
  /** Lifetime such as `8h`, `30m` or `7d`. */
  expiresIn: string;
  issuer?: string;
  audience?: string;
}

/** Returns an HS256 JSON Web Token for `request`, signed with `secret`. Throws for a malformed lifetime. */
export async function issueToken(secret: string, request: TokenRequest): Promise<string> {
  let jwt = new SignJWT({ roles: [request.role] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.subject)
    .setIssuedAt()
    .setExpirationTime(request.expiresIn);
  if (request.issuer) jwt = jwt.setIssuer(request.issuer);
  if (request.audience) jwt = jwt.setAudience(request.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
