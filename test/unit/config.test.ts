import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

describe('configuration', () => {
  it('runs the embedded default with no variables at all', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3978);
    expect(config.host).toBe('127.0.0.1');
    expect(config.channels).toEqual(['web']);
    expect(config.redisUrl).toBeUndefined();
    expect(config.handoff.sla).toMatchObject({ normalHours: 24, urgentHours: 1, businessHours: undefined });
    expect(config.warranty.timeZone).toBe('UTC');
    expect(config.whatsapp.auth).toBe('local');
  });

  it('parses channels, Redis and derived defaults', () => {
    const config = loadConfig({ CHANNELS: ' web, WhatsApp ,teams,web', REDIS_URL: 'redis://127.0.0.1:6379', PORT: '8080' });
    expect(config.channels).toEqual(['web', 'whatsapp', 'teams']);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(8080);
    expect(config.whatsapp.auth).toBe('remote');
  });

  it('trusts no proxy unless TRUST_PROXY names some', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.5', '127.0.0.1']);
  });

  it.each([
    ['PORT', 'eighty', /PORT/],
    ['CHANNELS', 'web,telegram', /CHANNELS: unknown channel "telegram"/],
    ['REDIS_URL', 'not a url', /REDIS_URL: must be a URL/],
    ['WARRANTY_TIMEZONE', 'Mars/Base', /WARRANTY_TIMEZONE: must be an IANA time zone/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL/],
    ['SAMPLE_DATA', 'maybe', /SAMPLE_DATA/],
  ])('names the bad variable %s in a readable error', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reports every bad variable at once and points at .env.example', () => {
    try {
      loadConfig({ PORT: '-1', SLA_NORMAL_HOURS: '0' });
      expect.unreachable('loadConfig should have thrown');
    } catch (error) {
      expect((error as ConfigError).code).toBe('E_CONFIG');
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/SLA_NORMAL_HOURS/);
      expect((error as Error).message).toMatch(/\.env\.example/);
    }
  });
});
