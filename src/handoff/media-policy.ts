import { mediaKindOf } from '../channels/shared/media-intake.js';
import type { MediaAttachment } from '../core/types.js';

/**
 * What customer media a ticket accepts: the types channel intake accepts (`mediaKindOf`:
 * photos, videos, voice notes and PDFs) and shared locations, no larger than MEDIA_MAX_BYTES.
 * Checked again here because media can reach a ticket from any channel.
 */
export type MediaCheck = { ok: true } | { ok: false; problem: 'too-large' | 'unsupported-type' };


/** Size in bytes: what the platform said, else what the inline data decodes to. */
export function mediaSize(media: MediaAttachment): number | undefined {
  const inline = media.dataBase64 ? Math.floor((media.dataBase64.replace(/=+$/, '').length * 3) / 4) : undefined;
  const declared = typeof media.sizeBytes === 'number' ? media.sizeBytes : undefined;
  if (inline === undefined) return declared;
  return Math.max(inline, declared ?? 0);
}

export function checkMedia(media: MediaAttachment, maxBytes: number): MediaCheck {
  if (media.kind === 'location') return typeof media.latitude === 'number' && typeof media.longitude === 'number' ? { ok: true } : { ok: false, problem: 'unsupported-type' };
  const kind = mediaKindOf(media.mimeType);
  if (!kind) return { ok: false, problem: 'unsupported-type' };
  // An "image" that claims to be a PDF, or the like: the declared kind must match the type.
  if (kind !== 'file' && media.kind !== 'file' && kind !== media.kind) return { ok: false, problem: 'unsupported-type' };
  const size = mediaSize(media);
  if (size !== undefined && size > maxBytes) return { ok: false, problem: 'too-large' };
  return { ok: true };
}

/** The MIME types the agent API serves back (anything else is refused). */
export function isServableType(mime: string | undefined): mime is string {
  return mediaKindOf(mime) !== null;
}
