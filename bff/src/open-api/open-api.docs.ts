import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiOperation, ApiResponse, ApiSecurity } from '@nestjs/swagger';
import { ERRORS, type ApiKeyScope, type ErrorCode } from '@jucard/shared';
import { PosAuthGuard, RequireScope } from '../redemption/pos-auth.guard';
import { ErrorEnvelopeSchema } from './open-api.schemas';

/** What any signed request may be refused with, before its route runs (pos-auth.guard.ts). */
const SIGNING_ERRORS: ErrorCode[] = ['POS_SIGNATURE_INVALID', 'POS_REQUEST_EXPIRED', 'API_KEY_REVOKED', 'POS_REQUEST_REPLAYED', 'API_KEY_SCOPE_MISSING', 'SERVICE_UNAVAILABLE'];

/** One response entry per HTTP status, its description listing the stable codes (with their English text). */
export function ApiErrorCodes(...codes: ErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  return applyDecorators(
    ApiExtraModels(ErrorEnvelopeSchema),
    ...[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, list]) =>
        ApiResponse({ status, type: ErrorEnvelopeSchema, description: list.map((code) => `\`${code}\` — ${ERRORS[code].en}`).join('; ') }),
      ),
  );
}

/**
 * A signed open API route: the POS signature guard, the one scope it needs, the four signing headers and the
 * errors the signature check and the route itself can answer.
 */
export function OpenRoute(scope: ApiKeyScope, summary: string, ...codes: ErrorCode[]): MethodDecorator {
  return applyDecorators(UseGuards(PosAuthGuard), RequireScope(scope), OpenRouteDocs(scope, summary, ...codes));
}

/** OpenRoute's documentation alone, for a route that names its guard and scope itself. */
export function OpenRouteDocs(scope: ApiKeyScope, summary: string, ...codes: ErrorCode[]): MethodDecorator {
  return applyDecorators(
    ApiOperation({ summary, description: `Scope \`${scope}\`. Signed: see docs/open-api.md “Signing a request”.` }),
    ApiSecurity('jucard-signature'),
    ...SIGNING_HEADERS,
    ApiErrorCodes(...SIGNING_ERRORS, ...codes),
  );
}

export const SIGNING_HEADERS = [
  ApiHeader({ name: 'X-JuCard-App-Key', required: true, description: 'The API key, pos_…' }),
  ApiHeader({ name: 'X-JuCard-Timestamp', required: true, description: 'Unix seconds; refused beyond POS_REQUEST_WINDOW_SECONDS (300) from our clock' }),
  ApiHeader({ name: 'X-JuCard-Nonce', required: true, description: '16–64 of [A-Za-z0-9_-], never twice with one key' }),
  ApiHeader({ name: 'X-JuCard-Signature', required: true, description: 'base64 HMAC-SHA256(appSecret, METHOD\\npath?query\\ntimestamp\\nnonce\\nsha256hex(body))' }),
];
