import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AuthType, type AuthConfiguration } from '@microsoft/agents-hosting';
import type { Config } from '../../config.js';
import { ConfigError } from '../../errors.js';

/** The connection name the Agents SDK uses for its default connection. */
const CONNECTION = 'serviceConnection';

export interface TeamsAuth {
  /** Passed to `CloudAdapter`; always carries its own connection map so the SDK never falls back to reading the environment. */
  authConfig: AuthConfiguration;
  /** True when no app id is configured: requests are accepted without a token (local testing only). */
  anonymous: boolean;
  /** Things worth a warning at start-up. */
  warnings: string[];
}

function sha1Thumbprint(pem: string): string {
  return new X509Certificate(pem).fingerprint.replaceAll(':', '').toUpperCase();
}

/**
 * Build the Agents SDK's auth configuration from `config.teams` (MICROSOFT_APP_*), never from
 * `process.env`: LockCare's config is the one place that reads the environment.
 *
 * - No app id: anonymous, for local testing with the Bot Framework Emulator or the tests.
 * - App id + password: client-secret auth; app id + certificate (PEM) + private key: certificate auth.
 * Either way every request's JWT is validated (audience = app id, issuer checked).
 */
export function buildTeamsAuth(teams: Config['teams']): TeamsAuth {
  const warnings: string[] = [];
  const usesCertificate = Boolean(teams.certFile || teams.certKeyFile || teams.certThumbprint);
  if (!teams.appId) {
    if (teams.appPassword || usesCertificate || teams.tenantId) {
      throw new ConfigError('MICROSOFT_APP_PASSWORD, MICROSOFT_APP_TENANT_ID or a certificate is set but MICROSOFT_APP_ID is empty');
    }
    const connection: AuthConfiguration = {};
    return {
      authConfig: { ...connection, connections: new Map([[CONNECTION, connection]]), connectionsMap: [{ serviceUrl: '*', connection: CONNECTION }] },
      anonymous: true,
      warnings: ['Teams runs ANONYMOUS (MICROSOFT_APP_ID is empty): requests are not authenticated. Use this for local testing only.'],
    };
  }

  let credentials: AuthConfiguration;
  if (teams.appPassword) {
    if (usesCertificate) warnings.push('MICROSOFT_APP_PASSWORD is set, so the certificate settings are ignored.');
    credentials = { authType: AuthType.ClientSecret, clientSecret: teams.appPassword };
  } else if (usesCertificate) {
    if (!teams.certFile || !teams.certKeyFile) {
      throw new ConfigError('Certificate authentication needs both MICROSOFT_APP_CERT_FILE (certificate PEM) and MICROSOFT_APP_CERT_KEY_FILE (private key PEM)');
    }
    let pem: string;
    try {
      pem = readFileSync(teams.certFile, 'utf8');
      readFileSync(teams.certKeyFile);
    } catch (error) {
      throw new ConfigError(`Cannot read the Teams certificate files: ${(error as Error).message}`);
    }
    if (teams.certThumbprint) {
      const actual = sha1Thumbprint(pem);
      if (actual !== teams.certThumbprint.replaceAll(':', '').toUpperCase()) {
        throw new ConfigError(`MICROSOFT_APP_CERT_THUMBPRINT does not match MICROSOFT_APP_CERT_FILE (its thumbprint is ${actual})`);
      }
    }
    credentials = { authType: AuthType.Certificate, certPemFile: teams.certFile, certKeyFile: teams.certKeyFile };
  } else {
    throw new ConfigError('MICROSOFT_APP_ID is set but neither MICROSOFT_APP_PASSWORD nor MICROSOFT_APP_CERT_FILE + MICROSOFT_APP_CERT_KEY_FILE are');
  }
  if (!teams.tenantId) {
    warnings.push('MICROSOFT_APP_TENANT_ID is empty: set it for a single-tenant bot registration (the default for new Azure bots).');
  }

  const connection: AuthConfiguration = {
    clientId: teams.appId,
    ...(teams.tenantId ? { tenantId: teams.tenantId } : {}),
    validateIssuer: true,
    ...credentials,
  };
  return {
    authConfig: { ...connection, connections: new Map([[CONNECTION, connection]]), connectionsMap: [{ serviceUrl: '*', connection: CONNECTION }] },
    anonymous: false,
    warnings,
  };
}
