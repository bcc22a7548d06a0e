import { STATIC_PREFIX } from './html';

const SIGN_IN_CSS = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;font-family:"Segoe UI",system-ui,-apple-system,sans-serif;background:#f2f2f2;color:#1b1b1b;display:flex;flex-direction:column;align-items:center;justify-content:center;padding:1rem}
.card{background:#fff;width:100%;max-width:440px;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{margin:0 0 16px;font-weight:600;color:#5e5e5e}
.sim-badge{font-size:.75rem;font-weight:600;background:#fff4ce;color:#5c4400;border-radius:2px;padding:1px 6px;margin-left:4px}
h1{font-size:1.5rem;font-weight:600;margin:0 0 8px}
.subtitle{margin:0 0 16px;color:#5e5e5e}
.accounts{list-style:none;margin:0 0 16px;padding:0}
.accounts li{border-top:1px solid #e6e6e6}
.accounts li:last-child{border-bottom:1px solid #e6e6e6}
.account{display:block;width:100%;text-align:left;background:none;border:0;padding:12px 8px;font:inherit;color:inherit;cursor:pointer}
.account:hover{background:#f2f2f2}
.account:focus-visible,.primary:focus-visible,input:focus-visible,a:focus-visible{outline:2px solid #0067b8;outline-offset:2px}
.account-name{display:block;font-weight:600}
.account-upn,.account-role{display:block;font-size:.875rem;color:#5e5e5e}
label{display:block;margin:16px 0 4px}
input[type=text]{width:100%;padding:6px 0;border:0;border-bottom:1px solid #666;font:inherit}
.primary{margin-top:16px;background:#0067b8;color:#fff;border:0;padding:6px 24px;font:inherit;min-width:108px;cursor:pointer}
.error{color:#e81123;margin:8px 0}
.details{font-size:.8125rem;color:#5e5e5e;word-break:break-word}
.footer{font-size:.75rem;color:#5e5e5e;max-width:440px;text-align:center}
.app-name{font-weight:600;font-size:1.25rem;margin:16px 0 0}
.api-permissions h2{font-size:1rem;font-weight:600;margin:16px 0 4px}
.permissions{margin:0;padding-left:20px}
.permissions li{margin:4px 0}
.permission-name{font-weight:600}
.permission-value{font-size:.8125rem;color:#5e5e5e}
.permission-description{display:block;font-size:.8125rem;color:#5e5e5e}
label.inline{display:inline;margin:0}
.buttons{display:flex;justify-content:flex-end;gap:8px}
.secondary{margin-top:16px;background:#ccc;color:#1b1b1b;border:0;padding:6px 24px;font:inherit;min-width:108px;cursor:pointer}
.secondary:focus-visible{outline:2px solid #0067b8;outline-offset:2px}
`;

/** Submits the form_post response form; without JavaScript the visible button does the same. */
const FORM_POST_JS = `document.addEventListener("DOMContentLoaded",function(){var f=document.getElementById("response-form");if(f)f.submit();});\n`;

export const STATIC_ASSETS: Record<string, { contentType: string; body: string }> = {
  [`${STATIC_PREFIX}/sign-in.css`]: { contentType: 'text/css; charset=utf-8', body: SIGN_IN_CSS },
  [`${STATIC_PREFIX}/form-post.js`]: { contentType: 'text/javascript; charset=utf-8', body: FORM_POST_JS },
};
