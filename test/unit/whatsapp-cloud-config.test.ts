import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('WhatsApp Cloud API configuration', () => {
  it('pins the Graph API version by default and reads templates per purpose and their languages', () => {
    const config = loadConfig({ CHANNELS: 'web,whatsapp-cloud', WHATSAPP_CLOUD_TEMPLATE_TICKET_UPDATE: 'lockcare_ticket_update', WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: 'en:en_GB, es:es_MX' });
    expect(config.channels).toEqual(['web', 'whatsapp-cloud']);
    expect(config.whatsappCloud).toMatchObject({ apiUrl: 'https://graph.facebook.com/v23.0', templates: { ticket_update: 'lockcare_ticket_update' }, templateLanguages: { en: 'en_GB', es: 'es_MX' } });
    expect(config.whatsappCloud.templates.satisfaction_survey).toBeUndefined();
  });

  it('names the variable when the template languages are malformed', () => {
    expect(() => loadConfig({ WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: 'fr:fr_FR' })).toThrow(/WHATSAPP_CLOUD_TEMPLATE_LANGUAGES/);
  });
});
