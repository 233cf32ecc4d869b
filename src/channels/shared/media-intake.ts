import type { InboundContent, MediaAttachment } from '../../core/types.js';

/** What a platform tells us about a customer's file before (or after) downloading it. */
export interface MediaCandidate {
  /** The platform's own name for the message type (`image`, `ptt`, `sticker`, ...), for logs and "unsupported". */
  platformType: string;
  mimeType?: string;
  sizeBytes?: number;
  fileName?: string;
  caption?: string;
  url?: string;
  dataBase64?: string;
}

export interface MediaPolicy {
  /** `config.outbound.mediaMaxBytes`. */
  maxBytes: number;
}

export type MediaIntake =
  | { accepted: true; media: MediaAttachment }
  /** Too large: `media` describes the file (no bytes, never downloaded) so the ticket can say what the limit is. */
  | { accepted: false; reason: 'too-large'; platformType: string; media: MediaAttachment }
  | { accepted: false; reason: 'unsupported-type'; platformType: string };

/**
 * Which kind of attachment a MIME type is, or null when LockCare does not take it: images,
 * video, audio (voice notes) and PDF only. Stickers (image/webp sent as a sticker) are decided
 * by the adapter, which knows the platform type.
 */
export function mediaKindOf(mimeType: string | undefined): MediaAttachment['kind'] | null {
  const mime = (mimeType ?? '').toLowerCase().split(';')[0]!.trim();
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime === 'application/pdf') return 'file';
  return null;
}

/**
 * The media intake policy every adapter applies to customer files (a photo of the lock's
 * display, a video of the fault): type-checked and size-capped. Call it before downloading with
 * the size the platform announces, and again after, with the real size.
 */
export function acceptMedia(candidate: MediaCandidate, policy: MediaPolicy): MediaIntake {
  const kind = mediaKindOf(candidate.mimeType);
  if (!kind) return { accepted: false, reason: 'unsupported-type', platformType: candidate.platformType };
  const size = candidate.sizeBytes ?? (candidate.dataBase64 ? Math.floor((candidate.dataBase64.length * 3) / 4) : undefined);
  const described: MediaAttachment = {
    kind,
    ...(candidate.mimeType ? { mimeType: candidate.mimeType } : {}),
    ...(candidate.fileName ? { fileName: candidate.fileName } : {}),
    ...(size !== undefined ? { sizeBytes: size } : {}),
    ...(candidate.caption ? { caption: candidate.caption } : {}),
  };
  if (size !== undefined && size > policy.maxBytes) return { accepted: false, reason: 'too-large', platformType: candidate.platformType, media: described };
  const media: MediaAttachment = {
    kind,
    ...(candidate.mimeType ? { mimeType: candidate.mimeType } : {}),
    ...(candidate.fileName ? { fileName: candidate.fileName } : {}),
    ...(size !== undefined ? { sizeBytes: size } : {}),
    ...(candidate.url ? { url: candidate.url } : {}),
    ...(candidate.dataBase64 ? { dataBase64: candidate.dataBase64 } : {}),
    ...(candidate.caption ? { caption: candidate.caption } : {}),
  };
  return { accepted: true, media };
}

/**
 * The core's content for an intake result. Accepted → media with its bytes (attached to the
 * ticket). Too large → media described without bytes, so the escalation answers with the size
 * limit in the customer's language. Any other type → "unsupported" (the core's polite reply).
 */
export function contentFromIntake(intake: MediaIntake): InboundContent {
  if (!intake.accepted && intake.reason === 'unsupported-type') return { type: 'unsupported', platformType: intake.platformType };
  return { type: 'media', media: intake.media, ...(intake.media.caption ? { text: intake.media.caption } : {}) };
}
