import type { MediaAttachment } from '../core/types.js';

/**
 * What customer media a ticket accepts: photos, videos, voice notes and PDFs (and shared
 * locations), no larger than MEDIA_MAX_BYTES.
 */
export type MediaCheck = { ok: true } | { ok: false; problem: 'too-large' | 'unsupported-type' };

const ALLOWED_PREFIXES = ['image/', 'video/', 'audio/'];
const ALLOWED_TYPES = new Set(['application/pdf']);
const KIND_OF_PREFIX: Record<string, MediaAttachment['kind']> = { 'image/': 'image', 'video/': 'video', 'audio/': 'audio' };

/** Size in bytes: what the platform said, else what the inline data decodes to. */
export function mediaSize(media: MediaAttachment): number | undefined {
  const inline = media.dataBase64 ? Math.floor((media.dataBase64.replace(/=+$/, '').length * 3) / 4) : undefined;
  const declared = typeof media.sizeBytes === 'number' ? media.sizeBytes : undefined;
  if (inline === undefined) return declared;
  return Math.max(inline, declared ?? 0);
}

function mimeOf(media: MediaAttachment): string | undefined {
  return media.mimeType?.split(';')[0]?.trim().toLowerCase();
}

export function checkMedia(media: MediaAttachment, maxBytes: number): MediaCheck {
  if (media.kind === 'location') return typeof media.latitude === 'number' && typeof media.longitude === 'number' ? { ok: true } : { ok: false, problem: 'unsupported-type' };
  const mime = mimeOf(media);
  if (!mime) return { ok: false, problem: 'unsupported-type' };
  const prefix = ALLOWED_PREFIXES.find((candidate) => mime.startsWith(candidate));
  if (!prefix && !ALLOWED_TYPES.has(mime)) return { ok: false, problem: 'unsupported-type' };
  // An "image" that claims to be a PDF, or the like: the declared kind must match the type.
  if (prefix && media.kind !== 'file' && KIND_OF_PREFIX[prefix] !== media.kind) return { ok: false, problem: 'unsupported-type' };
  const size = mediaSize(media);
  if (size !== undefined && size > maxBytes) return { ok: false, problem: 'too-large' };
  return { ok: true };
}

/** The MIME types the agent API serves back (anything else is refused). */
export function isServableType(mime: string | undefined): mime is string {
  if (!mime) return false;
  const clean = mime.toLowerCase();
  return ALLOWED_PREFIXES.some((prefix) => clean.startsWith(prefix)) || ALLOWED_TYPES.has(clean);
}
