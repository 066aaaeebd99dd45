// Keeps secrets sent in query strings (an Open311 api_key, a token, a password) out of the request log: the
// Fastify request serializer logs the URL with those parameters' values replaced.
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

export const REDACTED = '[REDACTED]';

// Matched on the decoded name, any case, with a trailing [] or [x] ignored (api_key[]=…).
const SECRET_NAME = /^(api[-_]?key|key|token|[a-z0-9]*[-_]token|password|passwd|secret|client[-_]secret)$/i;

function decodedName(raw: string): string {
  const name = raw.replace(/\[[^\]]*\]$/, '');
  try {
    return decodeURIComponent(name.replaceAll('+', ' '));
  } catch {
    return name;
  }
}

/** The URL with the values of secret-looking query parameters replaced; everything else as it came. */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const query = url
    .slice(start + 1)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      const name = eq === -1 ? part : part.slice(0, eq);
      return SECRET_NAME.test(decodedName(name)) && eq !== -1 ? `${name}=${REDACTED}` : part;
    })
    .join('&');
  return `${url.slice(0, start)}?${query}`;
}

/** Fastify's own request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  const version = request.headers?.['accept-version'];
  return {
    method: request.method,
    url: redactUrl(request.url),
    version: typeof version === 'string' ? version : undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

type LoggerOption = FastifyServerOptions['logger'];

/** The logger options with the redacting request serializer added (a disabled logger stays disabled). */
export function withLogRedaction(logger: LoggerOption): LoggerOption {
  if (logger === false || logger === undefined) return logger;
  const options = logger === true ? {} : logger;
  return { ...options, serializers: { ...options.serializers, req: serializeRequest } };
}
