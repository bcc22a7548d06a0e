import type { ServerResponse } from 'node:http';
import { sendJsonCompressed } from '../../http/respond';
import { ODATA_HEADERS } from './errors';

export function sendOData(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonCompressed(res, 200, body, { ...ODATA_HEADERS, ...headers });
}
