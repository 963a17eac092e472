/**
 * Who commits: the config's author, else git's own configuration, else a fixed name. A fresh server or
 * container has no git identity, and an hourly job must not fail on that.
 */
import type { PublishConfig } from '../config/schema.js';
import { gitQuery } from './git.js';

export interface Identity {
  name: string;
  email: string;
}

export const FALLBACK_IDENTITY: Identity = { name: 'newsmirror', email: 'newsmirror@localhost' };

export async function resolveIdentity(dir: string, author: PublishConfig['author']): Promise<Identity> {
  if (author) return author;
  // The environment variables win over git config inside git too; honour them the same way.
  const name = process.env.GIT_AUTHOR_NAME || (await gitQuery(['config', 'user.name'], { cwd: dir }));
  const email = process.env.GIT_AUTHOR_EMAIL || (await gitQuery(['config', 'user.email'], { cwd: dir }));
  return { name: name || FALLBACK_IDENTITY.name, email: email || FALLBACK_IDENTITY.email };
}

/** Environment that makes git use the identity for both author and committer. */
export function identityEnv(identity: Identity): NodeJS.ProcessEnv {
  return {
    GIT_AUTHOR_NAME: identity.name,
    GIT_AUTHOR_EMAIL: identity.email,
    GIT_COMMITTER_NAME: identity.name,
    GIT_COMMITTER_EMAIL: identity.email,
  };
}
