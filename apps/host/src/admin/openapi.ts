import type { RouteDef } from './route-types.ts';

const ERROR_STATUSES: Record<string, string> = {
  '400': 'Bad request (malformed JSON, bad pagination).',
  '401': 'Missing or invalid bearer token.',
  '403': 'The token lacks the permission.',
  '404': 'Not found (or of another workspace).',
  '406': 'Unsupported Accept header.',
  '409': 'Conflict (duplicate, or in use).',
  '413': 'Request body too large.',
  '422': 'Validation failed; `field` names the problem.',
  '429': 'Rate limited; see Retry-After and X-RateLimit-*.',
};

const SCHEMAS = {
  Error: {
    type: 'object',
    required: ['errors'],
    properties: {
      errors: {
        type: 'array',
        items: { type: 'object', required: ['type', 'message'], properties: { type: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, status: { type: 'integer' } } },
      },
    },
  },
  Pagination: {
    type: 'object',
    required: ['current'],
    properties: { current: { type: 'string' }, next: { type: 'string' }, previous: { type: 'string' }, totalEntries: { type: 'integer' } },
  },
  Label: { type: 'object', required: ['key', 'value'], properties: { key: { type: 'string' }, value: { type: 'string' }, description: { type: 'string' } } },
};

function operation(route: RouteDef): Record<string, unknown> {
  const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const queryParams = (route.query ?? []).map((q) => ({ name: q.name, in: 'query', required: false, description: q.description, schema: q.schema ?? { type: 'string' } }));
  const success = route.produces === 'csv'
    ? { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }
    : { description: 'OK', content: { 'application/json': { schema: { type: 'object', properties: { data: route.response ?? { type: 'object' } } } } } };
  const errors = Object.fromEntries(
    Object.entries(ERROR_STATUSES).map(([status, description]) => [status, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
  );
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    ...(pathParams.length + queryParams.length > 0 ? { parameters: [...pathParams, ...queryParams] } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: route.body } } } } : {}),
    responses: { [String(route.status ?? 200)]: success, ...errors },
    'x-junction-permission': route.permission,
    ...(route.audit ? { 'x-junction-audit-events': route.audit } : {}),
  };
}

/**
 * The OpenAPI 3.1 document of the admin API, generated from the route table.
 *
 * @example
 * openApiDocument(adminRouteTable()).paths['/sources'].get.operationId; // 'listSources'
 */
export function openApiDocument(routes: readonly RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const item = paths[route.path] ?? {};
    item[route.method] = operation(route);
    paths[route.path] = item;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Junction Admin API',
      version: '1.0.0',
      description: "Junction's admin API in the shape of Segment's Public API: `{ data }` responses, `{ errors }` envelopes, cursor pagination, bearer tokens.",
    },
    servers: [{ url: '/api' }],
    security: [{ token: [] }],
    components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } }, schemas: SCHEMAS },
    paths,
  };
}
