// A certified OpenID Connect server (oidc-provider) standing in for one Entra tenant in lifeboat-core's
// integration tests. It listens on 127.0.0.1 on a port the OS picks and prints its base URL
// (http://127.0.0.1:PORT) as the first line of stdout; it stops when stdin closes or on SIGTERM.
//
// Shaped like Entra where Lifeboat depends on it:
// - mounted under /{tenant id}/v2.0, so the issuer is {base}/{tid}/v2.0 and discovery sits at
//   {base}/{tid}/v2.0/.well-known/openid-configuration;
// - a public native client (no secret, PKCE S256 required, redirect http://localhost with any port);
// - ID tokens signed RS256 carrying tid, oid, preferred_username and name;
// - refresh tokens for offline_access without prompt=consent (Entra issues them so; OIDC Core §11 would
//   ask for prompt=consent, so the request is given one), rotated on every use;
// - the device authorization grant.
// The interaction pages are oidc-provider's development pages (a login form, a consent form): the Rust
// tests drive them with plain HTTP form posts.

import { createServer } from 'node:http';
import { createHash, generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

// stdout carries the base URL only; oidc-provider's notices go to stderr.
console.log = console.error;
console.info = console.error;

const TENANT_ID = process.env.OIDC_TENANT_ID ?? '5b1f2d0c-8a4e-4f6b-9c3d-2e7a1b0c9d8e';
const CLIENT_ID = process.env.OIDC_CLIENT_ID ?? 'lifeboat-test-client';
const PREFIX = `/${TENANT_ID}/v2.0`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'lifeboat-test-key', use: 'sig', alg: 'RS256' };

// A stable object id per login name, like Entra's oid.
function objectId(login) {
  const hex = createHash('sha256').update(login).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(`${base}${PREFIX}`, {
    clients: [{
      client_id: CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      redirect_uris: ['http://localhost'],
      response_types: ['code'],
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
    }],
    jwks: { keys: [signingKey] },
    scopes: ['openid', 'profile', 'offline_access', 'User.Read'],
    claims: { openid: ['sub', 'tid', 'oid'], profile: ['name', 'preferred_username'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true }, deviceFlow: { enabled: true } },
    rotateRefreshToken: true,
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        async claims() {
          return { sub: id, tid: TENANT_ID, oid: objectId(id), preferred_username: id, name: `Test ${id.split('@')[0]}` };
        },
      };
    },
  });
  provider.on('server_error', (_ctx, error) => console.error('server_error', error));

  const callback = provider.callback();
  server.on('request', (req, res) => {
    if (req.url !== PREFIX && !req.url.startsWith(`${PREFIX}/`)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    // Entra gives refresh tokens for offline_access without prompt=consent; oidc-provider follows OIDC
    // Core §11, so authorization requests asking for offline_access are given prompt=consent here.
    const url = new URL(req.url, base);
    const scopes = (url.searchParams.get('scope') ?? '').split(' ');
    if (url.pathname === `${PREFIX}/auth` && scopes.includes('offline_access') && !url.searchParams.has('prompt')) {
      url.searchParams.set('prompt', 'consent');
      req.url = `${url.pathname}${url.search}`;
    }
    // Mounted under the prefix the way oidc-provider's documentation mounts it (originalUrl + url).
    req.originalUrl = req.url;
    req.url = req.url.slice(PREFIX.length) || '/';
    callback(req, res);
  });
  process.stdout.write(`${base}\n`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
