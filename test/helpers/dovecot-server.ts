import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'node:net';
import { freePort } from '../../src/bench/redis-process.js';

/**
 * A private Dovecot IMAP server for tests: a generated config in a temp dir, one throwaway
 * mailbox (maildir in the temp dir, passwd-file with a random password), plain IMAP on a free
 * port on 127.0.0.1, no SSL. Started in the foreground (`dovecot -F`) as a child process, so it
 * dies with the test run; `stop()` kills it and removes the directory.
 * Needs `/usr/sbin/dovecot` (`apt-get install -y dovecot-imapd`); fails with that hint otherwise.
 */
export interface TestDovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** `imap://127.0.0.1:<port>` */
  url: string;
  stop(): Promise<void>;
}

const DOVECOT = process.env.DOVECOT_PATH ?? '/usr/sbin/dovecot';

/** The account the mail processes run as: ours, or `nobody` when the tests run as root (Dovecot refuses uid 0). */
function mailAccount(): { user: string; uid: number; gid: number } {
  const me = userInfo();
  if (me.uid !== 0) return { user: me.username, uid: me.uid, gid: me.gid };
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { user: 'nobody', uid: id('-u'), gid: id('-g') };
}

function waitForGreeting(port: number, child: ChildProcess, log: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`dovecot exited with ${child.exitCode}: ${log()}`));
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('data', (data) => {
        socket.destroy();
        if (data.toString().startsWith('* OK')) resolve();
        else retry();
      });
      socket.once('error', () => retry());
    };
    const retry = () => {
      if (Date.now() > deadline) reject(new Error(`dovecot did not answer on ${port}: ${log()}`));
      else setTimeout(attempt, 50);
    };
    attempt();
  });
}

export interface TestDovecotOptions {
  /**
   * Also accept OAuth2 access tokens (SASL XOAUTH2 and OAUTHBEARER) through Dovecot's oauth2
   * passdb, which asks this token introspection endpoint (RFC 7662, on 127.0.0.1 in tests) whether
   * a token is active and whose it is.
   */
  oauth2IntrospectionUrl?: string;
  /** The OAuth2 SASL mechanisms offered (default both). */
  oauth2Mechanisms?: Array<'xoauth2' | 'oauthbearer'>;
}

export async function startTestDovecot(options: TestDovecotOptions = {}): Promise<TestDovecot> {
  if (!existsSync(DOVECOT)) throw new Error('These tests need Dovecot: `apt-get install -y dovecot-imapd` (or set DOVECOT_PATH).');
  const dir = mkdtempSync(join(tmpdir(), 'lockcare-dovecot-'));
  const port = await freePort();
  const account = mailAccount();
  const user = 'support@hotel-locks.test';
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  // The auth and mail processes run as the mail account: they must reach the passwd file and the maildir.
  chmodSync(dir, 0o755);
  const mailDir = join(dir, 'mail');
  mkdirSync(mailDir);
  chownSync(mailDir, account.uid, account.gid);
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${account.uid}:${account.gid}::${mailDir}\n`);
  const errors = join(dir, 'dovecot.log');
  const oauthMechanisms = (options.oauth2Mechanisms ?? ['xoauth2', 'oauthbearer']).join(' ');
  if (options.oauth2IntrospectionUrl) {
    writeFileSync(
      join(dir, 'oauth2.conf'),
      [
        `introspection_url = ${options.oauth2IntrospectionUrl}`,
        'introspection_mode = post',
        'username_attribute = username',
        'active_attribute = active',
        'active_value = true',
        'force_introspection = yes',
        '',
      ].join('\n'),
    );
  }
  writeFileSync(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      `instance_name = lockcare-test-${port}`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      `auth_mechanisms = plain login${options.oauth2IntrospectionUrl ? ` ${oauthMechanisms}` : ''}`,
      `log_path = ${errors}`,
      `default_login_user = ${account.user}`,
      `default_internal_user = ${account.user}`,
      `default_internal_group = ${spawnSync('id', ['-gn', account.user], { encoding: 'utf8' }).stdout.trim() || account.user}`,
      'first_valid_uid = 1',
      `mail_location = maildir:${mailDir}/Maildir`,
      'mail_fsync = never',
      'imap_idle_notify_interval = 1 secs',
      'mailbox_list_index = no',
      ...(options.oauth2IntrospectionUrl ? [`passdb {\n  driver = oauth2\n  mechanisms = ${oauthMechanisms}\n  args = ${join(dir, 'oauth2.conf')}\n}`] : []),
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}\n}`,
      `userdb {\n  driver = passwd-file\n  args = username_format=%u ${join(dir, 'passwd')}\n}`,
      `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      'service imap-login {\n  chroot =\n}',
      '',
    ].join('\n'),
  );
  const child = spawn(DOVECOT, ['-F', '-c', join(dir, 'dovecot.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const log = () => `${stderr}${existsSync(errors) ? spawnSync('tail', ['-20', errors], { encoding: 'utf8' }).stdout : ''}`;
  // A test run that dies without stop() must not leave Dovecot behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForGreeting(port, child, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: '127.0.0.1', port, user, password, url: `imap://127.0.0.1:${port}`, stop };
}
