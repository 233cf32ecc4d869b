import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

describe('WhatsApp Cloud API configuration', () => {
  it('pins the Graph API version by default and reads templates per purpose and their languages', () => {
    const config = loadConfig({ CHANNELS: 'web,whatsapp-cloud', WHATSAPP_CLOUD_TEMPLATE_TICKET_UPDATE: 'lockcare_ticket_update', WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: 'en:en_GB, es:es_MX' });
    expect(config.channels).toEqual(['web', 'whatsapp-cloud']);
    expect(config.whatsappCloud).toMatchObject({ apiUrl: 'https://graph.facebook.com/v23.0', templates: { ticket_update: 'lockcare_ticket_update' }, templateLanguages: { en: 'en_GB', es: 'es_MX' } });
    expect(config.whatsappCloud.templates.satisfaction_survey).toBeUndefined();
  });

  it('reminds after 24 hours by default; 0 turns the reminder off; a negative number names the variable', () => {
    expect(loadConfig({}).whatsappCloud.reminderHours).toBe(24);
    expect(loadConfig({ WHATSAPP_CLOUD_REMINDER_HOURS: '0' }).whatsappCloud.reminderHours).toBe(0);
    expect(() => loadConfig({ WHATSAPP_CLOUD_REMINDER_HOURS: '-1' })).toThrow(/WHATSAPP_CLOUD_REMINDER_HOURS/);
  });

  it('names the variable when the template languages are malformed', () => {
    expect(() => loadConfig({ WHATSAPP_CLOUD_TEMPLATE_LANGUAGES: 'fr:fr_FR' })).toThrow(/WHATSAPP_CLOUD_TEMPLATE_LANGUAGES/);
  });
});
