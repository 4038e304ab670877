// The host's SHA-256 for the core (Sha256Base64 in src/core/host.ts): node:crypto, over the UTF-8 bytes.
import { createHash } from 'node:crypto';
import type { NewSha256, Sha256Base64 } from '../core/index.js';

export const sha256Base64: Sha256Base64 = (text) => createHash('sha256').update(text, 'utf8').digest('base64');

export const newSha256: NewSha256 = () => {
  const hash = createHash('sha256');
  return { update: (text) => void hash.update(text, 'utf8'), digestBase64: () => hash.digest('base64') };
};
