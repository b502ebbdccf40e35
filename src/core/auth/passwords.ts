import { Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { ErrorDetail } from '../http/errors';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. */
const ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
const COMMON_COUNT = 20000;

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary['passwords-common'] as string[]).slice(0, COMMON_COUNT));
  return common;
}

/** Problems with a proposed password, empty when it is acceptable. Counted in code points, never truncated. */
export function passwordProblems(password: string, context: string[] = []): ErrorDetail[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    return [{ field: 'password', problem: `must be at least ${PASSWORD_MIN} characters` }];
  if (length > PASSWORD_MAX)
    return [{ field: 'password', problem: `must be at most ${PASSWORD_MAX} characters` }];
  const lowered = password.toLowerCase();
  if (commonPasswords().has(lowered)) {
    return [{ field: 'password', problem: 'is one of the most common passwords; choose another' }];
  }
  if (context.some((word) => word.length >= 4 && lowered === word.toLowerCase())) {
    return [{ field: 'password', problem: 'must not be your email or name' }];
  }
  return [];
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spends the same work as a real check so unknown emails answer in the same time as wrong passwords. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy password for timing equality');
  await verifyPassword(await dummyHash, password);
}
