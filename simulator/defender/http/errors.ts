import type { ServerResponse } from 'node:http';
import type { Clock } from '../../clock';
import { sendJson } from '../../http/respond';
import { randomGuid } from '../../ids';

/** Which error dialect a route speaks: MDE and XDR share one (§D5), Graph has its own (§E6). */
export type Dialect = 'defender' | 'graph';

export type ErrorContext = {
  res: ServerResponse;
  dialect: Dialect;
  clock: Clock;
  requestId: string;
  clientRequestId: string;
};

/**
 * `{"error":{"code","message","target"}}` for MDE/XDR (target: a per-request tracking GUID), or
 * `{"error":{"code","message","innerError":{date,request-id,client-request-id}}}` for Graph.
 */
export function sendApiError(
  ctx: ErrorContext,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (ctx.dialect === 'graph') {
    const date = new Date(ctx.clock()).toISOString().slice(0, 19);
    sendJson(
      ctx.res,
      status,
      {
        error: {
          code,
          message,
          innerError: { date, 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId },
        },
      },
      { 'request-id': ctx.requestId, 'client-request-id': ctx.clientRequestId, ...headers },
    );
    return;
  }
  sendJson(ctx.res, status, { error: { code, message, target: randomGuid() } }, headers);
}

/** OData JSON as the real services label it. */
export const ODATA_HEADERS = {
  'Content-Type':
    'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8',
  'OData-Version': '4.0',
} as const;
