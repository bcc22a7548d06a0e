import type { ServerResponse } from 'node:http';
import { sendJson } from '../../http/respond';
import { ODATA_HEADERS } from './errors';

export function sendOData(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  sendJson(res, 200, body, { ...ODATA_HEADERS, ...headers });
}
