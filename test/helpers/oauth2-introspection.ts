import Fastify from 'fastify';

/**
 * A stand-in OAuth2 authorization server on 127.0.0.1 with only the token introspection endpoint
 * (RFC 7662, `POST /introspect`, form body `token=…`) that Dovecot's oauth2 passdb asks: the
 * tokens it knows are active for their user, any other is `{"active": false}`. Records every token asked about.
 */
export async function startTokenIntrospection(tokens: Record<string, string>) {
  const asked: string[] = [];
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, new URLSearchParams(String(body))));
  app.post('/introspect', async (request) => {
    const token = (request.body as URLSearchParams).get('token') ?? '';
    asked.push(token);
    const user = tokens[token];
    return user ? { active: true, username: user, scope: 'https://mail.example/imap' } : { active: false };
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address}/introspect`, asked, close: () => app.close() };
}
