import { describe, expect, it } from 'vitest';
import { acceptMedia, contentFromIntake, mediaKindOf } from '../../src/channels/shared/media-intake.js';

const policy = { maxBytes: 1000 };

describe('media intake policy', () => {
  it.each([
    ['image/jpeg', 'image'],
    ['video/mp4', 'video'],
    ['audio/ogg; codecs=opus', 'audio'],
    ['application/pdf', 'file'],
    ['application/zip', null],
    ['text/vcard', null],
    [undefined, null],
  ])('%s is taken as %s', (mime, kind) => {
    expect(mediaKindOf(mime)).toBe(kind);
  });

  it('accepts a photo with its caption as media for the ticket', () => {
    const intake = acceptMedia({ platformType: 'image', mimeType: 'image/jpeg', sizeBytes: 800, caption: 'La pantalla del cerrojo', dataBase64: 'AAAA' }, policy);
    expect(contentFromIntake(intake)).toEqual({
      type: 'media',
      text: 'La pantalla del cerrojo',
      media: { kind: 'image', mimeType: 'image/jpeg', sizeBytes: 800, caption: 'La pantalla del cerrojo', dataBase64: 'AAAA' },
    });
  });

  it('describes a file over the size cap without its bytes, so the ticket can name the limit', () => {
    const intake = acceptMedia({ platformType: 'video', mimeType: 'video/mp4', sizeBytes: 1001, url: 'https://x.test/v', dataBase64: 'AAAA' }, policy);
    expect(intake).toMatchObject({ accepted: false, reason: 'too-large', platformType: 'video' });
    expect(contentFromIntake(intake)).toEqual({ type: 'media', media: { kind: 'video', mimeType: 'video/mp4', sizeBytes: 1001 } });
  });

  it('measures downloaded data when the platform gave no size', () => {
    const big = 'A'.repeat(2000);
    expect(acceptMedia({ platformType: 'image', mimeType: 'image/png', dataBase64: big }, policy)).toMatchObject({ accepted: false, reason: 'too-large' });
  });

  it('turns other types into "unsupported" with the platform type', () => {
    expect(contentFromIntake(acceptMedia({ platformType: 'document', mimeType: 'application/x-msdownload', sizeBytes: 10 }, policy))).toEqual({
      type: 'unsupported',
      platformType: 'document',
    });
  });
});
